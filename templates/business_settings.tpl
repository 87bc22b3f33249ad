{{%AUTOESCAPE context="HTML"}}
{{!-- PLACEHOLDER --}}
