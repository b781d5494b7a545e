"""leadscore: warehouse-native lead scoring."""
