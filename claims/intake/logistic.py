"""A small logistic regression over binary inputs, in plain Python.

An example is the set of its inputs that are on, a label (True or False) and how much it
counts (1 for most). ``fit`` minimises the examples' weighted log loss plus an L2 penalty
on the weights (not on the bias) by Newton's method, which is exact and deterministic: the
same examples give the same weights.
"""

import math
from dataclasses import dataclass

MAX_STEPS = 50
TOLERANCE = 1e-9


def sigmoid(z):
    if z >= 0:
        return 1 / (1 + math.exp(-z))
    odds = math.exp(z)
    return odds / (1 + odds)


def logit(p):
    return math.log(p / (1 - p))


@dataclass(frozen=True)
class Model:
    """Weights per input name and a bias; inputs not named weigh nothing."""

    weights: dict
    bias: float

    def probability(self, inputs, threshold=0.5):
        """The probability that ``inputs`` make a positive example, its odds divided by
        those of ``threshold`` so that a probability of ``threshold`` gives 0.5."""
        z = self.bias + sum(self.weights.get(name, 0.0) for name in inputs)
        return sigmoid(z - logit(threshold))


def fit(examples, names, l2):
    """The Model of ``names`` that best predicts ``examples`` ((inputs, label, how much it
    counts) triples) with penalty ``l2`` (above 0) on the squared weights."""
    index = {name: i + 1 for i, name in enumerate(names)}  # 0 is the bias
    rows = [
        ([0, *sorted(index[n] for n in inputs if n in index)], label, counts)
        for inputs, label, counts in examples
    ]
    size = len(names) + 1
    theta = [0.0] * size
    for _step in range(MAX_STEPS):
        gradient = [l2 * t for t in theta]
        gradient[0] = 0.0
        hessian = [[0.0] * size for _ in range(size)]
        for i in range(1, size):
            hessian[i][i] = l2
        for active, label, counts in rows:
            p = sigmoid(sum(theta[i] for i in active))
            error, curvature = counts * (p - label), counts * p * (1 - p)
            for i in active:
                gradient[i] += error
                row = hessian[i]
                for j in active:
                    row[j] += curvature
        step = _solve(hessian, gradient)
        theta = [t - s for t, s in zip(theta, step, strict=True)]
        if max(abs(s) for s in step) < TOLERANCE:
            break
    return Model({name: theta[index[name]] for name in names}, theta[0])


def _solve(matrix, vector):
    """x with matrix · x = vector, by Gaussian elimination with partial pivoting; the
    matrix is positive definite, since the penalty is positive."""
    size = len(vector)
    rows = [[*matrix[i], vector[i]] for i in range(size)]
    for col in range(size):
        pivot = max(range(col, size), key=lambda r: abs(rows[r][col]))
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for r in range(col + 1, size):
            factor = rows[r][col] / rows[col][col]
            if factor:
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[col], strict=True)]
    solution = [0.0] * size
    for r in reversed(range(size)):
        known = sum(rows[r][c] * solution[c] for c in range(r + 1, size))
        solution[r] = (rows[r][size] - known) / rows[r][r]
    return solution
