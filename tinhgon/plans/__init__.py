"""Plans, tasks, products, assignments to agencies and progress (DESIGN.md: plans)."""
