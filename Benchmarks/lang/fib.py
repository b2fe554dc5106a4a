# Naive recursive Fibonacci: 242,785 calls (the same program as fib.adv).
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


print(fib(25))
