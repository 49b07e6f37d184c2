"""The office: its roster of reps, who looks after which customer, the merge, and the files sent back."""
