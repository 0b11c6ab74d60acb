-- Headless Neovim (0.7+) as an LSP client of the Groundwork server: run by test/e2e/neovim/run.mjs.
-- Starts the server over stdio (vim.lsp.start_client), opens the draft (didOpen through
-- buf_attach_client), collects textDocument/publishDiagnostics until they settle, asks
-- textDocument/hover at each requested position, then appends a line to the buffer (didChange)
-- and asks textDocument/completion at its end. Writes JSON to GW_NVIM_OUT and quits.
-- Only APIs that Debian 12's Neovim 0.7.2 has (no vim.lsp.start, no vim.system). Every wait is bounded.
--
-- GW_NVIM_SPEC is a JSON file:
--   { "cmd": ["node", ".../dist/server.js", "--stdio"], "cwd": "...", "file": "...", "root": "...",
--     "languageId": "markdown", "timeoutMs": 15000, "diagWaitMs": 20000, "diagSettleMs": 1500,
--     "hovers": [{"name": "...", "line": 0, "character": 4}],            -- 0-based, UTF-16
--     "completion": {"appendLine": "text typed on a new last line"} }    -- optional

local started = vim.loop.hrtime()
local function ms() return math.floor((vim.loop.hrtime() - started) / 1e6) end
local result = { ok = false, timings = {}, hovers = {}, notes = {} }
local function mark(name) result.timings[name] = ms() end

local function read_json(path)
  local f = assert(io.open(path, 'r'), 'cannot read ' .. path)
  local s = f:read('*a'); f:close()
  return vim.fn.json_decode(s)
end

local function finish(code)
  mark('total')
  local f = assert(io.open(os.getenv('GW_NVIM_OUT'), 'w'))
  f:write(vim.fn.json_encode(result), '\n')
  f:close()
  -- never leave a server behind
  pcall(function() for _, c in pairs(vim.lsp.get_active_clients()) do c.stop(true) end end)
  vim.wait(1000, function() return #vim.lsp.get_active_clients() == 0 end, 20)
  if code == 0 then vim.cmd('qa!') else vim.cmd('cquit ' .. code) end
end

-- Hover contents (MarkupContent | MarkedString | MarkedString[]) -> text
local function hover_text(contents)
  if contents == nil or contents == vim.NIL then return nil end
  if type(contents) == 'string' then return contents end
  if contents.value ~= nil then return contents.value end
  local parts = {}
  for _, c in ipairs(contents) do
    local t = hover_text(c)
    if t and t ~= '' then table.insert(parts, t) end
  end
  return table.concat(parts, '\n')
end

local function main()
  local spec = read_json(assert(os.getenv('GW_NVIM_SPEC'), 'GW_NVIM_SPEC is required'))
  local timeout = spec.timeoutMs or 15000
  result.nvim = ('%d.%d.%d'):format(vim.version().major, vim.version().minor, vim.version().patch)

  vim.cmd('silent noautocmd edit ' .. vim.fn.fnameescape(spec.file))
  local bufnr = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(bufnr)
  result.uri = uri

  local diags, pushes, last_push = {}, 0, nil
  local initialized, exited = false, nil
  local client_id = vim.lsp.start_client({
    name = 'groundwork',
    cmd = spec.cmd,
    cmd_cwd = spec.cwd,
    root_dir = spec.root,
    workspace_folders = { { uri = vim.uri_from_fname(spec.root), name = vim.fn.fnamemodify(spec.root, ':t') } },
    settings = vim.empty_dict(),
    flags = { debounce_text_changes = 0 },
    get_language_id = function() return spec.languageId or 'markdown' end,
    handlers = {
      ['textDocument/publishDiagnostics'] = function(_, res)
        pushes = pushes + 1
        last_push = ms()
        diags[res.uri] = res.diagnostics
      end,
      ['window/showMessage'] = function(_, res) table.insert(result.notes, res.message) end,
    },
    on_init = function(_, init_result)
      initialized = true
      result.serverInfo = init_result.serverInfo or vim.NIL
      result.capabilities = init_result.capabilities
    end,
    on_exit = function(code, signal) exited = { code = code, signal = signal } end,
  })
  assert(client_id, 'vim.lsp.start_client failed for ' .. table.concat(spec.cmd, ' '))
  local client = vim.lsp.get_client_by_id(client_id)

  if not vim.wait(timeout, function() return initialized or exited ~= nil end, 20) then
    error('server did not answer initialize within ' .. timeout .. ' ms')
  end
  if exited then error('server exited during initialize: ' .. vim.inspect(exited) .. ' (see lsp.log)') end
  mark('initialized')

  vim.lsp.buf_attach_client(bufnr, client_id) -- didOpen
  mark('did_open')

  -- Diagnostics: the first push for the draft, then until no new push for diagSettleMs.
  local settle = spec.diagSettleMs or 1500
  local got = vim.wait(spec.diagWaitMs or 20000, function() return diags[uri] ~= nil end, 20)
  if got then
    vim.wait(spec.diagWaitMs or 20000, function() return ms() - last_push >= settle end, 50)
  end
  result.diagnostics_received = got
  result.diagnostic_pushes = pushes
  mark('diagnostics')

  for _, h in ipairs(spec.hovers or {}) do
    local params = { textDocument = { uri = uri }, position = { line = h.line, character = h.character } }
    local res, err = client.request_sync('textDocument/hover', params, timeout, bufnr)
    local entry = { name = h.name, line = h.line, character = h.character }
    if res == nil then entry.error = err or 'timeout'
    elseif res.err then entry.error = res.err
    else
      local r = res.result
      entry.text = (r and r ~= vim.NIL) and hover_text(r.contents) or vim.NIL
    end
    table.insert(result.hovers, entry)
  end
  mark('hovers')

  local sev = { 'error', 'warning', 'information', 'hint' }
  result.diagnostics = {}
  for _, d in ipairs(diags[uri] or {}) do
    table.insert(result.diagnostics, {
      severity = sev[d.severity or 1] or d.severity,
      message = d.message, source = d.source or vim.NIL, code = d.code or vim.NIL,
      line = d.range.start.line, character = d.range.start.character,
      endLine = d.range['end'].line, endCharacter = d.range['end'].character,
    })
  end

  if spec.completion then
    -- type a new last line (sent as an incremental didChange), then complete at its end
    local n = vim.api.nvim_buf_line_count(bufnr)
    vim.api.nvim_buf_set_lines(bufnr, n, n, false, { spec.completion.appendLine })
    vim.wait(300, function() return false end, 20)
    local _, u16 = vim.str_utfindex(spec.completion.appendLine)
    local params = { textDocument = { uri = uri }, position = { line = n, character = u16 }, context = { triggerKind = 1 } }
    local res, err = client.request_sync('textDocument/completion', params, timeout, bufnr)
    local c = { line = n, character = u16, items = {} }
    if res == nil then c.error = err or 'timeout'
    elseif res.err then c.error = res.err
    else
      local r = res.result
      local items = (r == nil or r == vim.NIL) and {} or (r.items or r)
      for _, it in ipairs(items) do
        local insert = it.insertText
        if it.textEdit and it.textEdit ~= vim.NIL then insert = it.textEdit.newText end
        table.insert(c.items, { label = it.label, sortText = it.sortText or vim.NIL, insertText = insert or vim.NIL, detail = it.detail or vim.NIL })
      end
    end
    result.completion = c
    mark('completion')
  end

  client.stop()
  if not vim.wait(3000, function() return exited ~= nil end, 20) then
    client.stop(true)
    vim.wait(1000, function() return exited ~= nil end, 20)
  end
  result.server_exit = exited or 'still running (force stop requested)'
  mark('stopped')
  result.ok = true
end

local ok, err = xpcall(main, debug.traceback)
if not ok then result.error = tostring(err) end
finish(result.ok and 0 or 1)
