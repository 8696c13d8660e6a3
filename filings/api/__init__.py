"""The 备案审查 API: one class per action, each with its Input and Output serializers."""
