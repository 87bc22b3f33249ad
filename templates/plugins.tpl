{{%AUTOESCAPE context="HTML"}}
{{!-- The plugins page (admins): the registry's files (ROWS/ROW with FILE,
      NAME, VERSION, KIND, DESCRIPTION/TEXT; REFUSED/REASON, or LOADED with
      STATE and CAN_ENABLE / CAN_DISABLE; IS_OFF), then one PLUGIN_SETTINGS
      per loaded plugin (NAME, NO_SETTINGS, or SETTINGS with CHECK_FIELDS,
      REFUSED_BY_PLUGIN/WHY and SETTING: FIELD, ID, LABEL, HELP/TEXT,
      DEFAULT, RANGE/TEXT, TEXT_INPUT (VALUE, MODE) or BOOL/OPTION,
      ERR/MSG). --}}
<section>
  <h1>{{_Plugins_}}</h1>
{{#NOTICE}}
  <p class="notice notice-{{NOTICE_KIND}}" role="status">{{NOTICE_TEXT}}</p>
{{/NOTICE}}
  <p class="muted">{{_Plugins add metrics and other features. The site operator installs them; each business chooses which ones it uses. A plugin is on until the business turns it off._}}</p>
{{#EMPTY}}
  <p class="muted">{{_No plugins are installed._}}</p>
{{/EMPTY}}
{{#ROWS}}
  <div class="table-wrap">
    <table>
      <thead>
        <tr>
          <th scope="col">{{_Name_}}</th>
          <th scope="col">{{_Version_}}</th>
          <th scope="col">{{_Kind_}}</th>
          <th scope="col">{{_Description_}}</th>
          <th scope="col">{{_File_}}</th>
          <th scope="col">{{_State_}}</th>
          <th scope="col">{{_Actions_}}</th>
        </tr>
      </thead>
      <tbody>
{{#ROW}}
        <tr data-file="{{FILE}}"{{#IS_OFF}} class="muted"{{/IS_OFF}}>
          <td>{{NAME}}</td>
          <td>{{VERSION}}</td>
          <td>{{KIND}}</td>
          <td>{{#DESCRIPTION}}{{TEXT}}{{/DESCRIPTION}}</td>
          <td><code>{{FILE}}</code></td>
{{#REFUSED}}
          <td class="plugin-state"><span class="badge badge-off">{{_Not loaded_}}</span> <span class="plugin-reason">{{REASON}}</span></td>
          <td></td>
{{/REFUSED}}
{{#LOADED}}
          <td class="plugin-state">{{STATE}}</td>
          <td>
{{#CAN_ENABLE}}
            <form class="inline-form" method="post" action="{{BASE}}/admin/plugins/{{NAME}}/enable">
              <input type="hidden" name="csrf" value="{{CSRF}}">
              <button type="submit" class="button button-small">{{_Turn on_}}</button>
            </form>
{{/CAN_ENABLE}}
{{#CAN_DISABLE}}
            <a class="button button-small button-quiet" href="{{BASE}}/admin/plugins/{{NAME}}/disable">{{_Turn off…_}}</a>
{{/CAN_DISABLE}}
          </td>
{{/LOADED}}
        </tr>
{{/ROW}}
      </tbody>
    </table>
  </div>
{{/ROWS}}
{{#PLUGIN_SETTINGS}}
  <h2 id="settings-{{NAME}}">{{_Settings of_}} {{NAME}}</h2>
{{#NO_SETTINGS}}
  <p class="muted">{{_This plugin has no settings._}}</p>
{{/NO_SETTINGS}}
{{#SETTINGS}}
  <form class="form-stack" method="post" action="{{BASE}}/admin/plugins/{{NAME}}/settings" data-plugin="{{NAME}}">
    <input type="hidden" name="csrf" value="{{CSRF}}">
{{#REFUSED_BY_PLUGIN}}
    <p class="notice notice-error" role="alert">{{_The plugin refused these settings:_}} {{WHY}}</p>
{{/REFUSED_BY_PLUGIN}}
{{#CHECK_FIELDS}}
    <p class="notice notice-error" role="alert">{{_Check the highlighted fields._}}</p>
{{/CHECK_FIELDS}}
{{#SETTING}}
    <div class="field">
      <label for="{{ID}}">{{LABEL}}</label>
{{#TEXT_INPUT}}
      <input type="text" id="{{ID}}" name="{{FIELD}}" value="{{VALUE}}" inputmode="{{MODE}}">
{{/TEXT_INPUT}}
{{#BOOL}}
      <select id="{{ID}}" name="{{FIELD}}">
{{#OPTION}}
        <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/OPTION}}
      </select>
{{/BOOL}}
      <p class="field-hint">{{#HELP}}{{TEXT}} {{/HELP}}{{#RANGE}}{{TEXT}} {{/RANGE}}{{_Default:_}} {{DEFAULT}}</p>
{{#ERR}}
      <span class="field-error">{{MSG}}</span>
{{/ERR}}
    </div>
{{/SETTING}}
    <div class="form-actions">
      <button type="submit">{{_Save_}}</button>
    </div>
  </form>
{{/SETTINGS}}
{{/PLUGIN_SETTINGS}}
</section>
