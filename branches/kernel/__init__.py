"""The kernel every feature uses: who sees what (scope, personal data), the one upload policy,
the one workbook writer. It depends on nothing but Django and the models scoping needs."""
