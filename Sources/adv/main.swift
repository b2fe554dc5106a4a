print("adv: under construction")
