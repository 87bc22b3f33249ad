{{%AUTOESCAPE context="HTML"}}
{{!-- The business's surveys: ROW (ID, TITLE, VERSION, RESPONSES, STATUS,
      OPEN_URL or NO_LINK, DEFAULT), PAGER (PREV_URL, NEXT_URL), and for
      admins the form that creates one (CAN_EDIT, VALUE_*, ERR_*). --}}
<section>
  <h1>{{_Surveys_}}</h1>
{{#NOTICE}}
  <p class="notice notice-{{NOTICE_KIND}}" role="status">{{NOTICE_TEXT}}</p>
{{/NOTICE}}
{{#EMPTY}}
  <p class="muted">{{_No surveys yet._}}</p>
{{/EMPTY}}
{{#ROWS}}
  <div class="table-wrap">
    <table>
      <thead>
        <tr>
          <th scope="col">{{_Title_}}</th>
          <th scope="col">{{_Version_}}</th>
          <th scope="col">{{_Responses_}}</th>
          <th scope="col">{{_Status_}}</th>
          <th scope="col">{{_Open link_}}</th>
        </tr>
      </thead>
      <tbody>
{{#ROW}}
        <tr data-id="{{ID}}">
          <td><a href="{{BASE}}/surveys/{{ID}}">{{TITLE}}</a>{{#DEFAULT}} <span class="muted">({{_default_}})</span>{{/DEFAULT}}</td>
          <td>{{VERSION}}</td>
          <td>{{RESPONSES}}</td>
          <td>{{STATUS}}</td>
          <td>{{#OPEN}}<a href="{{OPEN_URL}}">{{OPEN_URL}}</a>{{/OPEN}}{{#NO_LINK}}{{_off_}}{{/NO_LINK}}</td>
        </tr>
{{/ROW}}
      </tbody>
    </table>
  </div>
{{/ROWS}}
{{#PAGER}}
  <nav class="pager" aria-label="{{_Pages_}}">
{{#PREV}}
    <a href="{{URL}}">{{_Previous_}}</a>
{{/PREV}}
{{#NEXT}}
    <a href="{{URL}}">{{_Next_}}</a>
{{/NEXT}}
  </nav>
{{/PAGER}}
{{#CAN_EDIT}}
  <h2 id="add">{{_New survey_}}</h2>
  <form class="form-stack" method="post" action="{{BASE}}/surveys">
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
{{#ERR_TITLE_EN}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_TITLE_EN}}
    </div>
    <div class="form-actions"><button type="submit">{{_Create the survey_}}</button></div>
  </form>
{{/CAN_EDIT}}
</section>
