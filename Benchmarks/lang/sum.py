# The sum of 0, 1, ..., 999,999 in a scalar loop (the same program as sum.adv).
s = 0
for i in range(0, 1000000):
    s = s + i
print(s)
