{{%AUTOESCAPE context="HTML"}}
{{!-- Editing one question: ACTION, BACK_URL, CODE, the inputs' VALUE_*
      and ERR_* (MSG), TYPE_OPTION, OP_OPTION, MODE_OPTION (VALUE, LABEL,
      SELECTED), REQUIRED_CHECKED. --}}
<section>
  <p><a href="{{BACK_URL}}">{{_Back to the survey_}}</a></p>
  <h1>{{_Question_}} <code>{{CODE}}</code></h1>
{{#NOTICE}}
  <p class="notice notice-{{NOTICE_KIND}}" role="alert">{{NOTICE_TEXT}}</p>
{{/NOTICE}}
  <form class="form-stack form-wide" method="post" action="{{ACTION}}">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="text_ru">{{_Question in Russian_}}</label>
      <textarea id="text_ru" name="text_ru" rows="2">{{VALUE_TEXT_RU:pre_escape}}</textarea>
{{#ERR_TEXT}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_TEXT}}
    </div>
    <div class="field">
      <label for="text_en">{{_Question in English_}}</label>
      <textarea id="text_en" name="text_en" rows="2">{{VALUE_TEXT_EN:pre_escape}}</textarea>
    </div>
    <div class="field">
      <label for="help_ru">{{_Help text in Russian_}}</label>
      <input type="text" id="help_ru" name="help_ru" value="{{VALUE_HELP_RU}}" maxlength="1000">
    </div>
    <div class="field">
      <label for="help_en">{{_Help text in English_}}</label>
      <input type="text" id="help_en" name="help_en" value="{{VALUE_HELP_EN}}" maxlength="1000">
    </div>
    <div class="field">
      <label><input type="checkbox" name="required" value="1"{{#REQUIRED_CHECKED}} checked{{/REQUIRED_CHECKED}}> {{_An answer is required_}}</label>
    </div>
    <div class="field">
      <label for="type">{{_Type_}}</label>
      <select id="type" name="type">
{{#TYPE_OPTION}}
        <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/TYPE_OPTION}}
      </select>
    </div>
    <div class="field">
      <label for="options">{{_Options_}}</label>
      <textarea id="options" name="options" rows="8">{{VALUE_OPTIONS:pre_escape}}</textarea>
      <p class="field-hint">{{_One per line: code | Russian text | English text, and "| other" for the "other, please specify" option or "| =N" for the scale point N it labels. Choice questions and CSI parameters need options._}}</p>
{{#ERR_OPTIONS}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_OPTIONS}}
    </div>
    <div class="field">
      <label for="scale_min">{{_Scale from_}}</label>
      <input type="number" id="scale_min" name="scale_min" value="{{VALUE_SCALE_MIN}}">
      <label for="scale_max">{{_to_}}</label>
      <input type="number" id="scale_max" name="scale_max" value="{{VALUE_SCALE_MAX}}">
{{#ERR_SCALE}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_SCALE}}
    </div>
    <div class="field">
      <label for="min_label_ru">{{_Label of the lowest point (Russian, English)_}}</label>
      <input type="text" id="min_label_ru" name="min_label_ru" value="{{VALUE_MIN_LABEL_RU}}" maxlength="100">
      <input type="text" name="min_label_en" value="{{VALUE_MIN_LABEL_EN}}" maxlength="100" aria-label="{{_Label of the lowest point in English_}}">
    </div>
    <div class="field">
      <label for="max_label_ru">{{_Label of the highest point (Russian, English)_}}</label>
      <input type="text" id="max_label_ru" name="max_label_ru" value="{{VALUE_MAX_LABEL_RU}}" maxlength="100">
      <input type="text" name="max_label_en" value="{{VALUE_MAX_LABEL_EN}}" maxlength="100" aria-label="{{_Label of the highest point in English_}}">
    </div>
    <div class="field">
      <label for="cond_code">{{_Shown only when the earlier question_}}</label>
      <input type="text" id="cond_code" name="cond_code" value="{{VALUE_COND_CODE}}" maxlength="64" placeholder="{{_code_}}">
      <select name="cond_op" aria-label="{{_Condition_}}">
{{#OP_OPTION}}
        <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/OP_OPTION}}
      </select>
      <input type="text" name="cond_values" value="{{VALUE_COND_VALUES}}" maxlength="500" aria-label="{{_Values_}}">
      <p class="field-hint">{{_E.g. "source", "is one of", "social": option codes separated by commas, or a number for "at most" and "at least"._}}</p>
{{#ERR_CONDITION}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_CONDITION}}
    </div>
    <div class="field">
      <label for="profile_field">{{_Client profile field_}}</label>
      <input type="text" id="profile_field" name="profile_field" value="{{VALUE_PROFILE_FIELD}}" maxlength="80">
      <select name="profile_mode" aria-label="{{_When the profile already has it_}}">
{{#MODE_OPTION}}
        <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/MODE_OPTION}}
      </select>
      <p class="field-hint">{{_age_band, gender, region, profession, source, visit_frequency, tenure, or custom:code of a client attribute. The answer updates the profile; a known value is prefilled or the question skipped._}}</p>
{{#ERR_PROFILE}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_PROFILE}}
    </div>
    <div class="form-actions">
      <button type="submit">{{_Save the question_}}</button>
      <a href="{{BACK_URL}}">{{_Cancel_}}</a>
    </div>
  </form>
</section>
