"""Narrative reports (自评报告): their paragraphs, sentences, numbers and the values read from them."""
