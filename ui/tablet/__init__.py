"""The clinic tablet: the questionnaire, patient mode, the Vital 5 form, the clinic list rows."""
