print("adv-bench: under construction")
