//! Known answers of the regression: a table whose maximum likelihood is
//! known in closed form, and the sign rule.

use super::*;

fn groups(cells: &[(&[u32], u32, u32)]) -> BTreeMap<Box<[u32]>, Group> {
    cells
        .iter()
        .map(|&(key, won, lost)| {
            // Spread over the folds as evenly as the counts allow.
            let mut g = Group::default();
            for i in 0..won {
                g.won[i as usize % FOLDS] += 1;
            }
            for i in 0..lost {
                g.lost[i as usize % FOLDS] += 1;
            }
            (key.to_vec().into_boxed_slice(), g)
        })
        .collect()
}

#[test]
fn newton_finds_the_maximum_likelihood_of_a_known_table() {
    // Without the rule 20 of 100 win, with it 60 of 100: intercept
    // logit(0.2), coefficient logit(0.6) − logit(0.2).
    let table = groups(&[(&[], 20, 80), (&[32], 60, 40)]);
    let (design, constant) = design(&table, 1);
    assert_eq!(constant, [None]);
    let mut theta = vec![0.0; 2];
    let all = |r: &Row| (r.won.iter().sum::<f64>(), r.lost.iter().sum::<f64>());
    design
        .newton(&all, 0.0, &mut theta, &[false, false], 1e-12)
        .unwrap();
    let logit = |p: f64| (p / (1.0 - p)).ln();
    assert!((theta[0] - logit(0.2)).abs() < 1e-9, "{theta:?}");
    assert!(
        (theta[1] - (logit(0.6) - logit(0.2))).abs() < 1e-9,
        "{theta:?}"
    );
    // A penalty pulls the coefficient towards 0, never past it.
    let mut shrunk = vec![0.0; 2];
    design
        .newton(&all, 50.0, &mut shrunk, &[false, false], 1e-12)
        .unwrap();
    assert!(shrunk[1] > 0.0 && shrunk[1] < theta[1]);
}

#[test]
fn a_sign_the_data_does_not_back_is_held() {
    // The rule's points are negative, its effect slightly positive: held at 0.
    let table = groups(&[(&[], 300, 700), (&[32], 33, 67), (&[1 << 16 | 32], 150, 50)]);
    let (design, _) = design(&table, 2);
    let fitted = design.fit(&[-1, 1]).unwrap();
    assert_eq!(fitted.beta[0], 0.0);
    assert!(fitted.held[0].is_some_and(|(b, z)| b > 0.0 && z < FLIP_Z));
    assert!(fitted.beta[1] > 1.0 && !fitted.flipped[1]);
    // With a strong effect the same sign flips.
    let table = groups(&[(&[], 300, 700), (&[32], 600, 400)]);
    let (strong, _) = super::design(&table, 1);
    let fitted = strong.fit(&[-1]).unwrap();
    assert!(fitted.flipped[0] && fitted.beta[0] > 1.0);
    assert!(fitted.tried.len() >= 6 && fitted.lambda > 0.0);
}
