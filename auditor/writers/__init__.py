"""Writers that produce submission workbooks: filled ones (samples, test fixtures) and the blank template."""
