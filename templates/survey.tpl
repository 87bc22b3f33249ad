{{%AUTOESCAPE context="HTML"}}
{{!-- One survey in the builder: its facts (TITLE, VERSION, RESPONSES,
      STATUS, OPEN_URL), PROBLEM (TEXT), the settings form for admins
      (CAN_EDIT: VALUE_*, ERR_*, STATUS_OPTION, OPEN_ON), and SECTION (ID,
      NUMBER, TITLE, VALUE_TITLE_RU/EN, Q with ID, CODE, TYPE, TEXT,
      REQUIRED, CONDITION, PROFILE). --}}
<section>
  <p><a href="{{BASE}}/surveys">{{_All surveys_}}</a></p>
  <h1>{{TITLE}}</h1>
{{#NOTICE}}
  <p class="notice notice-{{NOTICE_KIND}}" role="status">{{NOTICE_TEXT}}</p>
{{/NOTICE}}
  <dl class="facts">
    <dt>{{_Version_}}</dt><dd>{{VERSION}}</dd>
    <dt>{{_Responses_}}</dt><dd>{{RESPONSES}} <span class="muted">({{_this version_}}: {{VERSION_RESPONSES}})</span></dd>
    <dt>{{_Status_}}</dt><dd>{{STATUS}}</dd>
    <dt>{{_Open link_}}</dt><dd>{{#OPEN}}<a href="{{OPEN_URL}}">{{OPEN_URL}}</a>{{/OPEN}}{{#NO_LINK}}{{_off_}}{{/NO_LINK}}</dd>
  </dl>
  <p><a href="{{BASE}}/surveys/{{ID}}/preview">{{_Preview as a respondent sees it_}}</a></p>
{{#FROZEN}}
  <p class="muted">{{_This version has responses: your next change makes a new version, and the responses stay with the questions they answered._}}</p>
{{/FROZEN}}
{{#PROBLEMS}}
  <div class="notice notice-error" role="alert">
    <p>{{_This survey has problems to fix:_}}</p>
    <ul>
{{#PROBLEM}}
      <li>{{TEXT}}</li>
{{/PROBLEM}}
    </ul>
  </div>
{{/PROBLEMS}}
{{#CAN_EDIT}}
  <h2>{{_Settings_}}</h2>
  <form class="form-stack form-wide" method="post" action="{{BASE}}/surveys/{{ID}}">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="title_ru">{{_Title in Russian_}}</label>
      <input type="text" id="title_ru" name="title_ru" value="{{VALUE_TITLE_RU}}" maxlength="200">
{{#ERR_TITLE_RU}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_TITLE_RU}}
    </div>
    <div class="field">
      <label for="title_en">{{_Title in English_}}</label>
      <input type="text" id="title_en" name="title_en" value="{{VALUE_TITLE_EN}}" maxlength="200">
    </div>
    <div class="field">
      <label for="intro_ru">{{_Introduction in Russian_}}</label>
      <textarea id="intro_ru" name="intro_ru" rows="2">{{VALUE_INTRO_RU:pre_escape}}</textarea>
    </div>
    <div class="field">
      <label for="intro_en">{{_Introduction in English_}}</label>
      <textarea id="intro_en" name="intro_en" rows="2">{{VALUE_INTRO_EN:pre_escape}}</textarea>
    </div>
    <div class="field">
      <label for="thanks_ru">{{_Thank-you text in Russian_}}</label>
      <textarea id="thanks_ru" name="thanks_ru" rows="2">{{VALUE_THANKS_RU:pre_escape}}</textarea>
    </div>
    <div class="field">
      <label for="thanks_en">{{_Thank-you text in English_}}</label>
      <textarea id="thanks_en" name="thanks_en" rows="2">{{VALUE_THANKS_EN:pre_escape}}</textarea>
{{#ERR_TEXTS}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_TEXTS}}
    </div>
    <div class="field">
      <label for="status">{{_Status_}}</label>
      <select id="status" name="status">
{{#STATUS_OPTION}}
        <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/STATUS_OPTION}}
      </select>
    </div>
    <div class="field">
      <label for="open_link">{{_Open link_}}</label>
      <select id="open_link" name="open_link">
{{#LINK_OPTION}}
        <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/LINK_OPTION}}
      </select>
      <p class="field-hint">{{_Anyone with the open link may answer, giving a name and e-mail. A new link stops the old one working._}}</p>
    </div>
    <div class="form-actions"><button type="submit">{{_Save_}}</button></div>
  </form>
{{/CAN_EDIT}}
{{#SECTION}}
  <h2 id="section-{{ID}}">{{_Page_}} {{NUMBER}}. {{TITLE}}</h2>
{{#EDIT_SECTION}}
  <form class="inline-form" method="post" action="{{BASE}}/surveys/sections/{{ID}}">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <input type="text" name="title_ru" value="{{VALUE_TITLE_RU}}" maxlength="300" aria-label="{{_Title in Russian_}}">
    <input type="text" name="title_en" value="{{VALUE_TITLE_EN}}" maxlength="300" aria-label="{{_Title in English_}}">
    <button type="submit" class="button-small">{{_Rename_}}</button>
    <a href="{{BASE}}/surveys/sections/{{ID}}/delete">{{_Delete the page_}}</a>
  </form>
{{/EDIT_SECTION}}
{{#NO_QUESTIONS}}
  <p class="muted">{{_No questions on this page._}}</p>
{{/NO_QUESTIONS}}
{{#QUESTIONS}}
  <div class="table-wrap">
    <table>
      <thead>
        <tr>
          <th scope="col">{{_Code_}}</th>
          <th scope="col">{{_Question_}}</th>
          <th scope="col">{{_Type_}}</th>
          <th scope="col">{{_Shown when_}}</th>
          <th scope="col">{{_Profile field_}}</th>
{{#ACTIONS_HEAD}}
          <th scope="col">{{_Actions_}}</th>
{{/ACTIONS_HEAD}}
        </tr>
      </thead>
      <tbody>
{{#Q}}
        <tr data-id="{{ID}}">
          <td><code>{{CODE}}</code></td>
          <td>{{TEXT}}{{#REQUIRED}} <span class="required" title="{{_required_}}">*</span>{{/REQUIRED}}</td>
          <td>{{TYPE}}</td>
          <td>{{CONDITION}}</td>
          <td>{{PROFILE}}</td>
{{#EDIT}}
          <td>
            <a href="{{BASE}}/surveys/questions/{{ID}}">{{_Edit_}}</a>
            <form class="inline-form" method="post" action="{{BASE}}/surveys/questions/{{ID}}/move">
              <input type="hidden" name="csrf" value="{{CSRF}}">
              <button type="submit" name="dir" value="up" class="button-small button-quiet" title="{{_Move up_}}">↑</button>
              <button type="submit" name="dir" value="down" class="button-small button-quiet" title="{{_Move down_}}">↓</button>
            </form>
            <a href="{{BASE}}/surveys/questions/{{ID}}/delete">{{_Delete_}}</a>
          </td>
{{/EDIT}}
        </tr>
{{/Q}}
      </tbody>
    </table>
  </div>
{{/QUESTIONS}}
{{#ADD_QUESTION}}
  <form class="inline-form" method="post" action="{{BASE}}/surveys/sections/{{ID}}/questions">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <label>{{_New question's code_}} <input type="text" name="code" maxlength="64" pattern="[a-z][a-z0-9_]*" required></label>
    <select name="type" aria-label="{{_Type_}}">
{{#TYPE_OPTION}}
      <option value="{{VALUE}}">{{LABEL}}</option>
{{/TYPE_OPTION}}
    </select>
    <button type="submit" class="button-small">{{_Add a question_}}</button>
  </form>
{{/ADD_QUESTION}}
{{/SECTION}}
{{#CAN_EDIT}}
  <h2>{{_Add a page_}}</h2>
  <form class="form-stack" method="post" action="{{BASE}}/surveys/{{ID}}/sections">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="new_title_ru">{{_Title in Russian_}}</label>
      <input type="text" id="new_title_ru" name="title_ru" maxlength="300">
    </div>
    <div class="field">
      <label for="new_title_en">{{_Title in English_}}</label>
      <input type="text" id="new_title_en" name="title_en" maxlength="300">
    </div>
    <div class="form-actions"><button type="submit">{{_Add the page_}}</button></div>
  </form>
{{/CAN_EDIT}}
</section>
