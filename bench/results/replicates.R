suppressMessages(library(survey))
set.seed(17)
n <- 1000000; R <- 80; H <- 13; m <- 80
region <- pmin(H - 1, floor((seq_len(n) - 1) / n * H))
psu <- region * m + sample.int(m, n, replace = TRUE) - 1
w <- 20 + runif(n) * 80
d <- data.frame(region = region, y = 50 + 10 * (runif(n) - 0.5) + region, adopt = as.numeric(runif(n) < 0.3 + 0.02 * region), w = w)
f <- sapply(seq_len(R), function(k) { fac <- numeric(H * m); for (h in 0:(H - 1)) { t <- tabulate(sample.int(m, m - 1, replace = TRUE), m) * m / (m - 1); fac[h * m + seq_len(m)] <- t }; fac[psu + 1] })
rw <- f * w; rm(f); invisible(gc())
t <- system.time({ des <- svrepdesign(data = d, repweights = rw, weights = ~w, type = "bootstrap", combined.weights = TRUE);
  a <- svymean(~y + adopt, des); b <- svytotal(~y, des); s <- svyby(~y + adopt, ~region, des, svymean);
  dfs <- sapply(0:(H - 1), function(h) degf(subset(des, region == h))) })
cat(t[["elapsed"]] * 1000, degf(des), dfs[1], "\n")
