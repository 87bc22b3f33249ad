{{%AUTOESCAPE context="HTML"}}
{{!-- A respondent's page of a survey (one section): TITLE, INTRO (first
      page), PROGRESS, SECTION_TITLE, the form posting to ACTION with the
      carried answers (HIDDEN, or HIDDEN_TEXT for text with line breaks: NAME, VALUE), KEY, PAGE, REACHED and STARTED; per
      QUESTION: ID, TEXT, HELP, REQUIRED, CONDITIONAL (HINT), ERR (MSG) and
      one of CHOICE (OPTION: TYPE, NAME, VALUE, LABEL, CHECKED, OTHER with
      OTHER_NAME, OTHER_VALUE), SCALE (POINT: NAME, VALUE, LABEL, CHECKED;
      MIN_LABEL, MAX_LABEL), CSI (PARAM: LABEL, SAT_NAME, IMP_NAME, SAT/IMP
      with VALUE, SELECTED), TEXTAREA (NAME, VALUE) or LINE (NAME, VALUE,
      INPUT_TYPE), LIVE (NAME, OP, VALUES, MULTI: the same-page condition
      static/js/survey.js evaluates); BACK; NEXT or SUBMIT. --}}
<section class="survey">
  <h1>{{SURVEY_TITLE}}</h1>
{{#INTRO}}
  <p class="survey-intro">{{TEXT}}</p>
{{/INTRO}}
  <p class="survey-progress" aria-live="polite">{{PROGRESS}}</p>
{{#NOTICE}}
  <p class="notice notice-{{NOTICE_KIND}}" role="alert">{{NOTICE_TEXT}}</p>
{{/NOTICE}}
  <form class="form-stack survey-form" method="post" action="{{ACTION}}">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <input type="hidden" name="key" value="{{KEY}}">
    <input type="hidden" name="page" value="{{PAGE}}">
    <input type="hidden" name="reached" value="{{REACHED}}">
    <input type="hidden" name="started" value="{{STARTED}}">
{{#HIDDEN}}
    <input type="hidden" name="{{NAME}}" value="{{VALUE}}">
{{/HIDDEN}}
{{#HIDDEN_TEXT}}
    <textarea hidden name="{{NAME}}">{{VALUE:pre_escape}}</textarea>
{{/HIDDEN_TEXT}}
    <h2>{{SECTION_TITLE}}</h2>
{{#QUESTION}}
    <fieldset class="field survey-question{{#CONDITIONAL}} survey-conditional{{/CONDITIONAL}}" id="{{ID}}"{{#LIVE}} data-cond-name="{{NAME}}" data-cond-op="{{OP}}" data-cond-values="{{VALUES}}" data-cond-multi="{{MULTI}}"{{/LIVE}}>
      <legend>{{TEXT}}{{#REQUIRED}} <span class="required" title="{{_required_}}">*</span>{{/REQUIRED}}</legend>
{{#CONDITIONAL}}
      <p class="field-hint survey-hint">{{HINT}}</p>
{{/CONDITIONAL}}
{{#HELP}}
      <p class="field-hint">{{HELP_TEXT}}</p>
{{/HELP}}
{{#CHOICE}}
      <div class="survey-options">
{{#OPTION}}
        <label class="survey-option"><input type="{{TYPE}}" name="{{NAME}}" value="{{VALUE}}"{{#CHECKED}} checked{{/CHECKED}}> {{LABEL}}</label>
{{#OTHER}}
        <input type="text" class="survey-other" name="{{OTHER_NAME}}" value="{{OTHER_VALUE}}" maxlength="100" aria-label="{{_Please specify_}}">
{{/OTHER}}
{{/OPTION}}
      </div>
{{/CHOICE}}
{{#SCALE}}
      <div class="survey-scale">
{{#MIN_LABEL}}
        <span class="survey-scale-end">{{TEXT}}</span>
{{/MIN_LABEL}}
{{#POINT}}
        <label class="survey-point"><input type="radio" name="{{NAME}}" value="{{VALUE}}"{{#CHECKED}} checked{{/CHECKED}}> {{VALUE}}{{#LABEL}} <small>{{TEXT}}</small>{{/LABEL}}</label>
{{/POINT}}
{{#MAX_LABEL}}
        <span class="survey-scale-end">{{TEXT}}</span>
{{/MAX_LABEL}}
      </div>
{{/SCALE}}
{{#CSI}}
      <table class="survey-csi">
        <thead><tr><th></th><th>{{_Importance_}}</th><th>{{_Satisfaction_}}</th></tr></thead>
        <tbody>
{{#PARAM}}
          <tr>
            <th scope="row">{{LABEL}}</th>
            <td><select name="{{IMP_NAME}}" aria-label="{{_Importance_}}: {{LABEL}}"><option value="">—</option>{{#IMP}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{VALUE}}</option>{{/IMP}}</select></td>
            <td><select name="{{SAT_NAME}}" aria-label="{{_Satisfaction_}}: {{LABEL}}"><option value="">—</option>{{#SAT}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{VALUE}}</option>{{/SAT}}</select></td>
          </tr>
{{/PARAM}}
        </tbody>
      </table>
{{/CSI}}
{{#TEXTAREA}}
      <textarea name="{{NAME}}" rows="4" maxlength="2000">{{VALUE:pre_escape}}</textarea>
{{/TEXTAREA}}
{{#LINE}}
      <input type="{{INPUT_TYPE}}" name="{{NAME}}" value="{{VALUE}}" maxlength="254">
{{/LINE}}
{{#ERR}}
      <span class="field-error">{{MSG}}</span>
{{/ERR}}
    </fieldset>
{{/QUESTION}}
{{#PREVIEW}}
    <p class="notice" role="status">{{_Preview: this is what respondents see; nothing is saved here._}}</p>
    <p>{{#PREV_PAGE}}<a href="{{URL}}">{{_Previous page_}}</a> {{/PREV_PAGE}}{{#NEXT_PAGE}}<a href="{{URL}}">{{_Next page_}}</a>{{/NEXT_PAGE}} · <a href="{{BACK_URL}}">{{_Back to the survey_}}</a></p>
{{/PREVIEW}}
    <div class="form-actions">
{{#BACK}}
      <button type="submit" name="go" value="back" class="button-quiet" formnovalidate>{{_Back_}}</button>
{{/BACK}}
{{#NEXT}}
      <button type="submit" name="go" value="next">{{_Next_}}</button>
{{/NEXT}}
{{#SUBMIT}}
      <button type="submit" name="go" value="next">{{_Send the answers_}}</button>
{{/SUBMIT}}
    </div>
  </form>
</section>
<script src="{{BASE}}/static/js/survey.js" defer></script>
