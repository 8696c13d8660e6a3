"""The ballots API, one module per stage like ballots/services/ (one class per action, nested
Input/Output serializers): `setup`, `voting`, `counting`, `projects`."""
