// A package needs a target; this one is empty. The product wanted is the generator's.
