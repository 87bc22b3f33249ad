{{%AUTOESCAPE context="HTML"}}
{{!-- The client form, new (IS_NEW) or an edit: HEADING, ACTION, BACK_URL
      and BACK_LABEL; per fixed field VALUE_<CODE>, ERR_<CODE> (MSG) and
      for the lists <CODE>_OPTION (VALUE, LABEL, SELECTED); CONSENT_CHECKED;
      the custom attributes (CUSTOM with LABEL, INPUT, VALUE, ERR, and
      SELECT/OPTION, DATE, NUMBER or TEXT). --}}
<section>
  <p><a href="{{BACK_URL}}">{{BACK_LABEL}}</a></p>
  <h1>{{HEADING}}</h1>
{{#NOTICE}}
  <p class="notice notice-{{NOTICE_KIND}}" role="alert">{{NOTICE_TEXT}}</p>
{{/NOTICE}}
  <form class="form-stack form-wide" method="post" action="{{ACTION}}">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="external_id">{{_External ID_}}</label>
      <input type="text" id="external_id" name="external_id" value="{{VALUE_EXTERNAL_ID}}" maxlength="64">
      <p class="field-hint">{{_Your own code for the client, e.g. from the till; used to match imports._}}</p>
{{#ERR_EXTERNAL_ID}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_EXTERNAL_ID}}
    </div>
    <div class="field">
      <label for="name">{{_Name_}}</label>
      <input type="text" id="name" name="name" value="{{VALUE_NAME}}" maxlength="200" required>
{{#ERR_NAME}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_NAME}}
    </div>
    <div class="field">
      <label for="email">{{_E-mail_}}</label>
      <input type="email" id="email" name="email" value="{{VALUE_EMAIL}}" maxlength="254">
{{#ERR_EMAIL}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_EMAIL}}
    </div>
    <div class="field">
      <label for="phone">{{_Phone_}}</label>
      <input type="tel" id="phone" name="phone" value="{{VALUE_PHONE}}" maxlength="40">
      <p class="field-hint">{{_e.g. +375 29 123-45-67_}}</p>
{{#ERR_PHONE}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_PHONE}}
    </div>
    <div class="field">
      <label for="birth_date">{{_Date of birth_}}</label>
      <input type="date" id="birth_date" name="birth_date" value="{{VALUE_BIRTH_DATE}}">
{{#ERR_BIRTH_DATE}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_BIRTH_DATE}}
    </div>
    <div class="field">
      <label for="age_band">{{_Age_}}</label>
      <select id="age_band" name="age_band">
{{#AGE_BAND_OPTION}}
        <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/AGE_BAND_OPTION}}
      </select>
      <p class="field-hint">{{_Filled in from the date of birth when left empty._}}</p>
{{#ERR_AGE_BAND}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_AGE_BAND}}
    </div>
    <div class="field">
      <label for="gender">{{_Gender_}}</label>
      <select id="gender" name="gender">
{{#GENDER_OPTION}}
        <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/GENDER_OPTION}}
      </select>
{{#ERR_GENDER}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_GENDER}}
    </div>
    <div class="field">
      <label for="region">{{_Region_}}</label>
      <select id="region" name="region">
{{#REGION_OPTION}}
        <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/REGION_OPTION}}
      </select>
{{#ERR_REGION}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_REGION}}
    </div>
    <div class="field">
      <label for="city">{{_City_}}</label>
      <input type="text" id="city" name="city" value="{{VALUE_CITY}}" maxlength="100">
{{#ERR_CITY}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_CITY}}
    </div>
    <div class="field">
      <label for="profession">{{_Occupation_}}</label>
      <select id="profession" name="profession">
{{#PROFESSION_OPTION}}
        <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/PROFESSION_OPTION}}
      </select>
{{#ERR_PROFESSION}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_PROFESSION}}
    </div>
    <div class="field">
      <label for="profession_other">{{_Occupation, in their words_}}</label>
      <input type="text" id="profession_other" name="profession_other" value="{{VALUE_PROFESSION_OTHER}}" maxlength="100">
{{#ERR_PROFESSION_OTHER}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_PROFESSION_OTHER}}
    </div>
    <div class="field">
      <label for="source">{{_How they found us_}}</label>
      <select id="source" name="source">
{{#SOURCE_OPTION}}
        <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/SOURCE_OPTION}}
      </select>
{{#ERR_SOURCE}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_SOURCE}}
    </div>
    <div class="field">
      <label for="source_detail">{{_Source details_}}</label>
      <input type="text" id="source_detail" name="source_detail" value="{{VALUE_SOURCE_DETAIL}}" maxlength="100">
{{#ERR_SOURCE_DETAIL}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_SOURCE_DETAIL}}
    </div>
    <div class="field">
      <label for="first_seen">{{_Client since_}}</label>
      <input type="date" id="first_seen" name="first_seen" value="{{VALUE_FIRST_SEEN}}">
      <p class="field-hint">{{_Empty means today._}}</p>
{{#ERR_FIRST_SEEN}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_FIRST_SEEN}}
    </div>
    <div class="field">
      <label><input type="checkbox" name="marketing_consent" value="1"{{#CONSENT_CHECKED}} checked{{/CONSENT_CHECKED}}> {{_Agrees to marketing messages_}}</label>
{{#ERR_MARKETING_CONSENT}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_MARKETING_CONSENT}}
    </div>
    <div class="field">
      <label for="tags">{{_Tags_}}</label>
      <input type="text" id="tags" name="tags" value="{{VALUE_TAGS}}" maxlength="1000">
      <p class="field-hint">{{_Separated by commas, e.g. VIP, newsletter_}}</p>
{{#ERR_TAGS}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_TAGS}}
    </div>
{{#CUSTOM}}
    <div class="field">
      <label for="{{INPUT}}">{{LABEL}}</label>
{{#SELECT}}
      <select id="{{INPUT}}" name="{{INPUT}}">
{{#OPTION}}
        <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/OPTION}}
      </select>
{{/SELECT}}
{{#DATE}}
      <input type="date" id="{{INPUT}}" name="{{INPUT}}" value="{{VALUE}}">
{{/DATE}}
{{#NUMBER}}
      <input type="text" id="{{INPUT}}" name="{{INPUT}}" value="{{VALUE}}" inputmode="decimal" maxlength="30">
{{/NUMBER}}
{{#TEXT}}
      <input type="text" id="{{INPUT}}" name="{{INPUT}}" value="{{VALUE}}" maxlength="1000">
{{/TEXT}}
{{#ERR}}
      <span class="field-error">{{MSG}}</span>
{{/ERR}}
    </div>
{{/CUSTOM}}
    <div class="form-actions">
      <button type="submit">{{_Save_}}</button>
      <a href="{{BACK_URL}}">{{_Cancel_}}</a>
    </div>
  </form>
</section>
