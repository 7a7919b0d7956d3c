//! Generated from the phrase rules by `gates::derive` (test `gate_table_is_current`);
//! regenerate with `BELAY_BLESS_GATES=1 cargo test -p belay-inject gate_table`.

use crate::gates::{Gate, Req};

/// Every literal of the requirements, lowercased, once.
#[rustfmt::skip]
pub static LITS: &[&[u8]] = &[
    b"$", b"$home/.", b").encrypt(", b"--hard", b"--no-verify", b"-auto-approve",
    b".aws/credentials", b".env", b".npmrc", b".sendall(", b"/dev/tcp/", b"0.0.0.0",
    b"169.254.169.254", b"<</sys>>", b"<<sys>>", b"<end_of_turn>", b"<start_of_turn>",
    b"<|assistant|>", b"<|begin_of_text|>", b"<|end_header_id|>", b"<|endoftext|>", b"<|end|>",
    b"<|eom_id|>", b"<|eot_id|>", b"<|im_end|>", b"<|im_sep|>", b"<|im_start|>",
    b"<|start_header_id|>", b"<|system|>", b"<|tool_call|>", b"<|tool_response|>", b"<|user|>",
    b"@", b"@claude", b"@codex", b"@copilot", b"@cursor", b"@devin", b"@gemini", b"[/inst]",
    b"[admin]", b"[inst]", b"[instruction]", b"[instructions]", b"[system]", b"a.i.", b"abandon",
    b"above", b"accept", b"access", b"account", b"actions", b"add", b"address", b"addresses",
    b"admin", b"after", b"agent", b"agent-", b"agent_", b"agreed", b"ai", b"ai-", b"ai_",
    b"alert", b"allow", b"allowlist", b"already", b"always", b"amoral", b"analysing",
    b"analyzing", b"anordnungen", b"answer", b"anteriores", b"anteriori", b"anthropic",
    b"ant\xc3\x89rieures", b"ant\xc3\xa9rieures", b"anweisungen", b"apague", b"api", b"api_key",
    b"append", b"application", b"approuve", b"approva", b"approve", b"approved", b"aprove",
    b"aprueba", b"arg", b"as", b"aside", b"ask", b"asked", b"aspettare", b"assignment",
    b"assistant", b"assistant-", b"assistant_", b"assure", b"at", b"attendre", b"attention",
    b"auth.enabled", b"authorised", b"authorized", b"authorized_keys", b"automated",
    b"autonomous", b"away", b"aws", b"bash(*)", b"bcc", b"befehle", b"before", b"below", b"best",
    b"bisherigen", b"blacklist", b"block", b"blocklist", b"borra", b"bot", b"bugs", b"buy",
    b"bypass", b"bypasspermissions", b"call", b"cancel", b"cancella", b"cargo", b"carry",
    b"change", b"changes", b"channel", b"chat", b"chatbot", b"chatgpt", b"check", b"chiedere",
    b"chmod", b"ci-dessus", b"circumvent", b"cite", b"claim", b"claude", b"clean", b"cleared",
    b"clusterrolebinding", b"code", b"codex", b"coding", b"collaborator", b"command", b"comment",
    b"commit", b"commits", b"complete", b"comply", b"concerns", b"conclude", b"config/gh",
    b"configured", b"confirm", b"confirmed", b"consented", b"consignes", b"constraints",
    b"consult", b"contacts", b"content", b"context", b"context>", b"continue", b"conversation",
    b"cookie", b"copilot", b"copy", b"could", b"cover", b"crawler", b"crawling", b"create",
    b"creator", b"credential", b"credit", b"curl", b"current", b"cursor", b"dan",
    b"dangerously-skip-permissions", b"deactivate", b"deaktiviere", b"dear", b"debugging",
    b"decode", b"delete", b"deletion_protection", b"demander", b"deploy", b"deposit",
    b"desactiva", b"desative", b"descarta", b"desconsidere", b"describe", b"destroy", b"details",
    b"detected", b"developer", b"devin", b"die", b"dimentica", b"direction", b"directive",
    b"directive]", b"directives", b"directives]", b"directly", b"disable", b"disattiva",
    b"discard", b"disclose", b"disclosing", b"dispatch", b"disregard", b"do", b"docker",
    b"document", b"document>", b"door", b"download", b"drop", b"dsa", b"d\xc3\x89sactive",
    b"d\xc3\xa9sactive", b"e-mail", b"earlier", b"ed25519", b"editing", b"ejecuta", b"elimina",
    b"else", b"email", b"enable", b"end", b"endorse", b"env", b"envia", b"envie", b"envoie",
    b"env\xc3\x8da", b"env\xc3\xada", b"erase", b"esegui", b"esperar", b"esqueca",
    b"esque\xc3\x87a", b"esque\xc3\xa7a", b"every", b"excerpt", b"exclua", b"exec", b"execute",
    b"expect", b"expected", b"expose", b"external_content", b"external_content>",
    b"ex\xc3\x89cute", b"ex\xc3\xa9cute", b"favor", b"favour", b"fetch", b"files", b"filters",
    b"flag", b"follow", b"following", b"for", b"foregoing", b"forget", b"forward", b"fragen",
    b"fragment", b"from", b"fr\xc3\x9cheren", b"fr\xc3\xbcheren", b"function_results",
    b"function_results>", b"fusiona", b"gave", b"gem", b"gemini", b"genehmige", b"generating",
    b"genetic", b"gent", b"get", b"getpass.getuser(", b"git-credentials", b"give", b"given",
    b"gnupg", b"go", b"goal", b"god", b"gpt", b"grant", b"granted", b"guardrails", b"guidance",
    b"guidelines", b"handling", b"hardcode", b"haz", b"health", b"hello", b"hey", b"hi",
    b"hidden", b"hide", b"history", b"holdings", b"host_auth_method", b"hours", b"http",
    b"http://", b"https://", b"human", b"i.a.", b"ia", b"iban", b"id_dsa", b"id_ecdsa",
    b"id_ed25519", b"id_rsa", b"if", b"ignora", b"ignore", b"ignorier", b"ignorieren",
    b"imagegrab.grab(", b"immediately", b"important", b"importing", b"in", b"inbox", b"include",
    b"indexing", b"indicaciones", b"indicazioni", b"inform", b"information", b"initial",
    b"initiate", b"input", b"insert", b"install", b"installing", b"instrucciones", b"instrucoes",
    b"instructed", b"instruction", b"instruction]", b"instructions", b"instructions]",
    b"instruktionen", b"instru\xc3\x87\xc3\x95es", b"instru\xc3\x87\xc3\xb5es",
    b"instru\xc3\xa7\xc3\x95es", b"instru\xc3\xa7\xc3\xb5es", b"integrating", b"invia", b"invite",
    b"invoke", b"is", b"issues", b"istruzioni", b"jailbreak", b"jailbroken", b"job", b"kaggle",
    b"kaggle.json", b"keep", b"ki", b"kube", b"language", b"leave", b"let", b"liebe", b"limits",
    b"link", b"llm", b"llm-", b"llm_", b"lock", b"log", b"l\xc3\x96sche", b"l\xc3\xb6sche",
    b"mail", b"maintainer", b"maintaining", b"make", b"mark", b"mcp.json", b"medical", b"memory",
    b"mention", b"merge", b"message", b"messages", b"metadata.google.internal", b"minutes",
    b"missacht", b"mission", b"mode", b"model", b"modify", b"most", b"move", b"must", b"my",
    b"nc", b"ndicazioni", b"needed", b"neglect", b"netrc", b"never", b"no",
    b"node_tls_reject_unauthorized", b"note", b"note]", b"notes]", b"nothing", b"notice",
    b"notice]", b"notices]", b"notify", b"now", b"npm", b"npmrc", b"npx", b"obey", b"obigen",
    b"objective", b"off", b"olvida", b"olvide", b"omite", b"on", b"only", b"open", b"openai",
    b"operator", b"order", b"orders", b"orienta\xc3\x87\xc3\x95es", b"orienta\xc3\x87\xc3\xb5es",
    b"orienta\xc3\xa7\xc3\x95es", b"orienta\xc3\xa7\xc3\xb5es", b"original", b"os.environ",
    b"os.system(", b"other", b"oublie", b"our", b"output", b"outrank", b"over", b"override",
    b"owner", b"paid", b"para", b"parameter", b"parsing", b"password", b"paste", b"path", b"pay",
    b"payees", b"payment", b"pbpaste", b"perguntar", b"permission", b"permitted", b"personal",
    b"phone", b"pip", b"platform.node()", b"platform.system()", b"platform.version()", b"pnpm",
    b"policies", b"policy", b"portray", b"post", b"posttooluse", b"pr", b"praise",
    b"pre-approved", b"preapproved", b"precedence", b"precedentes", b"precedenti", b"preceding",
    b"prefer", b"prescriptions", b"present", b"pretooluse", b"previas", b"previous",
    b"previously", b"principal", b"print", b"printenv", b"prior", b"priority", b"private",
    b"privileges", b"problems", b"processing", b"production", b"programming", b"promote",
    b"prompt", b"provider", b"pr\xc3\x89c\xc3\x89dentes", b"pr\xc3\x89c\xc3\xa9dentes",
    b"pr\xc3\x89vias", b"pr\xc3\xa9c\xc3\x89dentes", b"pr\xc3\xa9c\xc3\xa9dentes",
    b"pr\xc3\xa9vias", b"public", b"publica", b"publish", b"pull", b"pull_request_target",
    b"purge", b"push", b"pyautogui.screenshot(", b"pynput", b"pypirc", b"python", b"query",
    b"question", b"rank", b"rate", b"read", b"reading", b"reassure", b"receipt", b"recipient",
    b"recommend", b"record", b"records", b"redirect", b"reference", b"remove", b"replace",
    b"replies", b"reply", b"report", b"request", b"requested", b"requests", b"requests.post(",
    b"required", b"reset", b"resolving", b"respond", b"response", b"rest", b"restrictions",
    b"reveal", b"review", b"reviewing", b"right", b"rights", b"risks", b"rm", b"root", b"rotate",
    b"routine", b"rsa", b"rules", b"run", b"safe", b"safeguards", b"safest", b"say", b"schedule",
    b"scraper", b"search_results", b"search_results>", b"secret", b"secrets:", b"section",
    b"security", b"security-credentials", b"sell", b"send", b"sende", b"sent", b"session",
    b"sessionstart", b"set", b"settings", b"settings.json", b"shall", b"share", b"should",
    b"show", b"shutil.rmtree(", b"signed", b"sistente", b"sk-", b"skip", b"skip_final_snapshot",
    b"snippet", b"socket.socket(", b"solve", b"squash-merge", b"ssh", b"ssistant", b"ssn",
    b"standard", b"star", b"start", b"state", b"store", b"struzioni", b"subsequent", b"sudo",
    b"suggest", b"summaries", b"summarise", b"summarising", b"summarize", b"summarizing",
    b"summary", b"supersede", b"superuser", b"suppress", b"supprime", b"surface", b"suspended",
    b"switch", b"system", b"task", b"tell", b"terminated", b"th", b"the", b"to", b"token",
    b"tool", b"tool_output", b"tool_output>", b"tool_result", b"tool_result>", b"top", b"tracks",
    b"traffic", b"training", b"transaction", b"transfer", b"treat", b"triaging", b"trigger",
    b"true", b"truncate", b"trust", b"trusted", b"turn", b"uncensored", b"unfiltered", b"unlock",
    b"unrestricted", b"untrusted", b"update", b"upload", b"urgent", b"url", b"use", b"user",
    b"user\'s", b"user_input", b"user_input>", b"user_instructions", b"userpromptsubmit",
    b"users", b"using", b"variable", b"vendor supported", b"vendor-supported", b"vergessen",
    b"vergiss", b"verify", b"viewing", b"visit", b"vorherigen", b"vorigen", b"vulnerabilities",
    b"vulnerability", b"wait", b"warten", b"wget", b"while", b"whitelist", b"window", b"wipe",
    b"wire", b"with", b"withdraw", b"within", b"without", b"working", b"write", b"www.", b"yarn",
    b"your", b"~/.", b"\xc3\x93rdenes", b"\xc3\xb3rdenes", b"\xd0\x90\xd0\x93\xd0\x95\xd0\x9d",
    b"\xd0\x90\xd0\x93\xd0\x95\xd0\xbd", b"\xd0\x90\xd0\x93\xd0\xb5\xd0\x9d",
    b"\xd0\x90\xd0\x93\xd0\xb5\xd0\xbd", b"\xd0\x90\xd0\x9d\xd0\x94",
    b"\xd0\x90\xd0\x9d\xd0\x98\xd0\xaf", b"\xd0\x90\xd0\x9d\xd0\x98\xd1\x8f",
    b"\xd0\x90\xd0\x9d\xd0\xb4", b"\xd0\x90\xd0\x9d\xd0\xb8\xd0\xaf",
    b"\xd0\x90\xd0\x9d\xd0\xb8\xd1\x8f", b"\xd0\x90\xd0\x9d\xe1\xb2\x81",
    b"\xd0\x90\xd0\xb3\xd0\x95\xd0\x9d", b"\xd0\x90\xd0\xb3\xd0\x95\xd0\xbd",
    b"\xd0\x90\xd0\xb3\xd0\xb5\xd0\x9d", b"\xd0\x90\xd0\xb3\xd0\xb5\xd0\xbd",
    b"\xd0\x90\xd0\xbd\xd0\x94", b"\xd0\x90\xd0\xbd\xd0\x98\xd0\xaf",
    b"\xd0\x90\xd0\xbd\xd0\x98\xd1\x8f", b"\xd0\x90\xd0\xbd\xd0\xb4",
    b"\xd0\x90\xd0\xbd\xd0\xb8\xd0\xaf", b"\xd0\x90\xd0\xbd\xd0\xb8\xd1\x8f",
    b"\xd0\x90\xd0\xbd\xe1\xb2\x81", b"\xd0\x95\xd0\x94\xd0\xab", b"\xd0\x95\xd0\x94\xd1\x8b",
    b"\xd0\x95\xd0\x96\xd0\x9d\xd0\x98", b"\xd0\x95\xd0\x96\xd0\x9d\xd0\xb8",
    b"\xd0\x95\xd0\x96\xd0\xbd\xd0\x98", b"\xd0\x95\xd0\x96\xd0\xbd\xd0\xb8",
    b"\xd0\x95\xd0\x9d\xd0\xa2", b"\xd0\x95\xd0\x9d\xd1\x82", b"\xd0\x95\xd0\x9d\xe1\xb2\x84",
    b"\xd0\x95\xd0\x9d\xe1\xb2\x85", b"\xd0\x95\xd0\xb4\xd0\xab", b"\xd0\x95\xd0\xb4\xd1\x8b",
    b"\xd0\x95\xd0\xb6\xd0\x9d\xd0\x98", b"\xd0\x95\xd0\xb6\xd0\x9d\xd0\xb8",
    b"\xd0\x95\xd0\xb6\xd0\xbd\xd0\x98", b"\xd0\x95\xd0\xb6\xd0\xbd\xd0\xb8",
    b"\xd0\x95\xd0\xbd\xd0\xa2", b"\xd0\x95\xd0\xbd\xd1\x82", b"\xd0\x95\xd0\xbd\xe1\xb2\x84",
    b"\xd0\x95\xd0\xbd\xe1\xb2\x85", b"\xd0\x95\xe1\xb2\x81\xd0\xab",
    b"\xd0\x95\xe1\xb2\x81\xd1\x8b", b"\xd0\x97\xd0\x90\xd0\x91\xd0\xa3",
    b"\xd0\x97\xd0\x90\xd0\x91\xd1\x83", b"\xd0\x97\xd0\x90\xd0\xb1\xd0\xa3",
    b"\xd0\x97\xd0\x90\xd0\xb1\xd1\x83", b"\xd0\x97\xd0\xb0\xd0\x91\xd0\xa3",
    b"\xd0\x97\xd0\xb0\xd0\x91\xd1\x83", b"\xd0\x97\xd0\xb0\xd0\xb1\xd0\xa3",
    b"\xd0\x97\xd0\xb0\xd0\xb1\xd1\x83", b"\xd0\x98\xd0\x93\xd0\x9d", b"\xd0\x98\xd0\x93\xd0\xbd",
    b"\xd0\x98\xd0\x9d\xd0\xa1", b"\xd0\x98\xd0\x9d\xd1\x81", b"\xd0\x98\xd0\x9d\xe1\xb2\x83",
    b"\xd0\x98\xd0\xb3\xd0\x9d", b"\xd0\x98\xd0\xb3\xd0\xbd", b"\xd0\x98\xd0\xbd\xd0\xa1",
    b"\xd0\x98\xd0\xbd\xd1\x81", b"\xd0\x98\xd0\xbd\xe1\xb2\x83", b"\xd0\x9a\xd0\x9e\xd0\x9c",
    b"\xd0\x9a\xd0\x9e\xd0\xbc", b"\xd0\x9a\xd0\xa6\xd0\x98\xd0\x98",
    b"\xd0\x9a\xd0\xa6\xd0\x98\xd0\xb8", b"\xd0\x9a\xd0\xa6\xd0\xb8\xd0\x98",
    b"\xd0\x9a\xd0\xa6\xd0\xb8\xd0\xb8", b"\xd0\x9a\xd0\xbe\xd0\x9c", b"\xd0\x9a\xd0\xbe\xd0\xbc",
    b"\xd0\x9a\xd1\x86\xd0\x98\xd0\x98", b"\xd0\x9a\xd1\x86\xd0\x98\xd0\xb8",
    b"\xd0\x9a\xd1\x86\xd0\xb8\xd0\x98", b"\xd0\x9a\xd1\x86\xd0\xb8\xd0\xb8",
    b"\xd0\x9a\xe1\xb2\x82\xd0\x9c", b"\xd0\x9a\xe1\xb2\x82\xd0\xbc", b"\xd0\x9e\xd0\xa8\xd0\x9b",
    b"\xd0\x9e\xd0\xa8\xd0\xbb", b"\xd0\x9e\xd1\x88\xd0\x9b", b"\xd0\x9e\xd1\x88\xd0\xbb",
    b"\xd0\x9f\xd0\x9e\xd0\x9c", b"\xd0\x9f\xd0\x9e\xd0\xbc", b"\xd0\x9f\xd0\xbe\xd0\x9c",
    b"\xd0\x9f\xd0\xbe\xd0\xbc", b"\xd0\x9f\xe1\xb2\x82\xd0\x9c", b"\xd0\x9f\xe1\xb2\x82\xd0\xbc",
    b"\xd0\xa3\xd0\x9a\xd0\x90\xd0\x97", b"\xd0\xa3\xd0\x9a\xd0\x90\xd0\xb7",
    b"\xd0\xa3\xd0\x9a\xd0\xb0\xd0\x97", b"\xd0\xa3\xd0\x9a\xd0\xb0\xd0\xb7",
    b"\xd0\xa3\xd0\xae\xd0\xa9\xd0\x98", b"\xd0\xa3\xd0\xae\xd0\xa9\xd0\xb8",
    b"\xd0\xa3\xd0\xae\xd1\x89\xd0\x98", b"\xd0\xa3\xd0\xae\xd1\x89\xd0\xb8",
    b"\xd0\xa3\xd0\xba\xd0\x90\xd0\x97", b"\xd0\xa3\xd0\xba\xd0\x90\xd0\xb7",
    b"\xd0\xa3\xd0\xba\xd0\xb0\xd0\x97", b"\xd0\xa3\xd0\xba\xd0\xb0\xd0\xb7",
    b"\xd0\xa3\xd1\x8e\xd0\xa9\xd0\x98", b"\xd0\xa3\xd1\x8e\xd0\xa9\xd0\xb8",
    b"\xd0\xa3\xd1\x8e\xd1\x89\xd0\x98", b"\xd0\xa3\xd1\x8e\xd1\x89\xd0\xb8",
    b"\xd0\xb0\xd0\x93\xd0\x95\xd0\x9d", b"\xd0\xb0\xd0\x93\xd0\x95\xd0\xbd",
    b"\xd0\xb0\xd0\x93\xd0\xb5\xd0\x9d", b"\xd0\xb0\xd0\x93\xd0\xb5\xd0\xbd",
    b"\xd0\xb0\xd0\x9d\xd0\x94", b"\xd0\xb0\xd0\x9d\xd0\x98\xd0\xaf",
    b"\xd0\xb0\xd0\x9d\xd0\x98\xd1\x8f", b"\xd0\xb0\xd0\x9d\xd0\xb4",
    b"\xd0\xb0\xd0\x9d\xd0\xb8\xd0\xaf", b"\xd0\xb0\xd0\x9d\xd0\xb8\xd1\x8f",
    b"\xd0\xb0\xd0\x9d\xe1\xb2\x81", b"\xd0\xb0\xd0\xb3\xd0\x95\xd0\x9d",
    b"\xd0\xb0\xd0\xb3\xd0\x95\xd0\xbd", b"\xd0\xb0\xd0\xb3\xd0\xb5\xd0\x9d",
    b"\xd0\xb0\xd0\xb3\xd0\xb5\xd0\xbd", b"\xd0\xb0\xd0\xbd\xd0\x94",
    b"\xd0\xb0\xd0\xbd\xd0\x98\xd0\xaf", b"\xd0\xb0\xd0\xbd\xd0\x98\xd1\x8f",
    b"\xd0\xb0\xd0\xbd\xd0\xb4", b"\xd0\xb0\xd0\xbd\xd0\xb8\xd0\xaf",
    b"\xd0\xb0\xd0\xbd\xd0\xb8\xd1\x8f", b"\xd0\xb0\xd0\xbd\xe1\xb2\x81",
    b"\xd0\xb5\xd0\x94\xd0\xab", b"\xd0\xb5\xd0\x94\xd1\x8b", b"\xd0\xb5\xd0\x96\xd0\x9d\xd0\x98",
    b"\xd0\xb5\xd0\x96\xd0\x9d\xd0\xb8", b"\xd0\xb5\xd0\x96\xd0\xbd\xd0\x98",
    b"\xd0\xb5\xd0\x96\xd0\xbd\xd0\xb8", b"\xd0\xb5\xd0\x9d\xd0\xa2", b"\xd0\xb5\xd0\x9d\xd1\x82",
    b"\xd0\xb5\xd0\x9d\xe1\xb2\x84", b"\xd0\xb5\xd0\x9d\xe1\xb2\x85", b"\xd0\xb5\xd0\xb4\xd0\xab",
    b"\xd0\xb5\xd0\xb4\xd1\x8b", b"\xd0\xb5\xd0\xb6\xd0\x9d\xd0\x98",
    b"\xd0\xb5\xd0\xb6\xd0\x9d\xd0\xb8", b"\xd0\xb5\xd0\xb6\xd0\xbd\xd0\x98",
    b"\xd0\xb5\xd0\xb6\xd0\xbd\xd0\xb8", b"\xd0\xb5\xd0\xbd\xd0\xa2", b"\xd0\xb5\xd0\xbd\xd1\x82",
    b"\xd0\xb5\xd0\xbd\xe1\xb2\x84", b"\xd0\xb5\xd0\xbd\xe1\xb2\x85",
    b"\xd0\xb5\xe1\xb2\x81\xd0\xab", b"\xd0\xb5\xe1\xb2\x81\xd1\x8b",
    b"\xd0\xb7\xd0\x90\xd0\x91\xd0\xa3", b"\xd0\xb7\xd0\x90\xd0\x91\xd1\x83",
    b"\xd0\xb7\xd0\x90\xd0\xb1\xd0\xa3", b"\xd0\xb7\xd0\x90\xd0\xb1\xd1\x83",
    b"\xd0\xb7\xd0\xb0\xd0\x91\xd0\xa3", b"\xd0\xb7\xd0\xb0\xd0\x91\xd1\x83",
    b"\xd0\xb7\xd0\xb0\xd0\xb1\xd0\xa3", b"\xd0\xb7\xd0\xb0\xd0\xb1\xd1\x83",
    b"\xd0\xb8\xd0\x93\xd0\x9d", b"\xd0\xb8\xd0\x93\xd0\xbd", b"\xd0\xb8\xd0\x9d\xd0\xa1",
    b"\xd0\xb8\xd0\x9d\xd1\x81", b"\xd0\xb8\xd0\x9d\xe1\xb2\x83", b"\xd0\xb8\xd0\xb3\xd0\x9d",
    b"\xd0\xb8\xd0\xb3\xd0\xbd", b"\xd0\xb8\xd0\xbd\xd0\xa1", b"\xd0\xb8\xd0\xbd\xd1\x81",
    b"\xd0\xb8\xd0\xbd\xe1\xb2\x83", b"\xd0\xba\xd0\x9e\xd0\x9c", b"\xd0\xba\xd0\x9e\xd0\xbc",
    b"\xd0\xba\xd0\xa6\xd0\x98\xd0\x98", b"\xd0\xba\xd0\xa6\xd0\x98\xd0\xb8",
    b"\xd0\xba\xd0\xa6\xd0\xb8\xd0\x98", b"\xd0\xba\xd0\xa6\xd0\xb8\xd0\xb8",
    b"\xd0\xba\xd0\xbe\xd0\x9c", b"\xd0\xba\xd0\xbe\xd0\xbc", b"\xd0\xba\xd1\x86\xd0\x98\xd0\x98",
    b"\xd0\xba\xd1\x86\xd0\x98\xd0\xb8", b"\xd0\xba\xd1\x86\xd0\xb8\xd0\x98",
    b"\xd0\xba\xd1\x86\xd0\xb8\xd0\xb8", b"\xd0\xba\xe1\xb2\x82\xd0\x9c",
    b"\xd0\xba\xe1\xb2\x82\xd0\xbc", b"\xd0\xbe\xd0\xa8\xd0\x9b", b"\xd0\xbe\xd0\xa8\xd0\xbb",
    b"\xd0\xbe\xd1\x88\xd0\x9b", b"\xd0\xbe\xd1\x88\xd0\xbb", b"\xd0\xbf\xd0\x9e\xd0\x9c",
    b"\xd0\xbf\xd0\x9e\xd0\xbc", b"\xd0\xbf\xd0\xbe\xd0\x9c", b"\xd0\xbf\xd0\xbe\xd0\xbc",
    b"\xd0\xbf\xe1\xb2\x82\xd0\x9c", b"\xd0\xbf\xe1\xb2\x82\xd0\xbc",
    b"\xd1\x83\xd0\x9a\xd0\x90\xd0\x97", b"\xd1\x83\xd0\x9a\xd0\x90\xd0\xb7",
    b"\xd1\x83\xd0\x9a\xd0\xb0\xd0\x97", b"\xd1\x83\xd0\x9a\xd0\xb0\xd0\xb7",
    b"\xd1\x83\xd0\xae\xd0\xa9\xd0\x98", b"\xd1\x83\xd0\xae\xd0\xa9\xd0\xb8",
    b"\xd1\x83\xd0\xae\xd1\x89\xd0\x98", b"\xd1\x83\xd0\xae\xd1\x89\xd0\xb8",
    b"\xd1\x83\xd0\xba\xd0\x90\xd0\x97", b"\xd1\x83\xd0\xba\xd0\x90\xd0\xb7",
    b"\xd1\x83\xd0\xba\xd0\xb0\xd0\x97", b"\xd1\x83\xd0\xba\xd0\xb0\xd0\xb7",
    b"\xd1\x83\xd1\x8e\xd0\xa9\xd0\x98", b"\xd1\x83\xd1\x8e\xd0\xa9\xd0\xb8",
    b"\xd1\x83\xd1\x8e\xd1\x89\xd0\x98", b"\xd1\x83\xd1\x8e\xd1\x89\xd0\xb8",
    b"\xd8\xa7\xd9\x84\xd8\xaa\xd8\xb9\xd9\x84\xd9\x8a\xd9\x85\xd8\xa7\xd8\xaa",
    b"\xd8\xa7\xd9\x84\xd8\xb3\xd8\xa7\xd8\xa8\xd9\x82\xd8\xa9",
    b"\xd8\xa7\xd9\x84\xd9\x85\xd8\xb3\xd8\xa7\xd8\xb9\xd8\xaf",
    b"\xd8\xaa\xd8\xac\xd8\xa7\xd9\x87\xd9\x84", b"\xd8\xb3\xd8\xa4\xd8\xa7\xd9\x84",
    b"\xd9\x84\xd9\x84\xd9\x85\xd8\xb3\xd8\xa7\xd8\xb9\xd8\xaf", b"\xe1\xb2\x82\xd0\xa8\xd0\x9b",
    b"\xe1\xb2\x82\xd0\xa8\xd0\xbb", b"\xe1\xb2\x82\xd1\x88\xd0\x9b",
    b"\xe1\xb2\x82\xd1\x88\xd0\xbb",
    b"\xe3\x81\x93\xe3\x82\x8c\xe3\x81\xbe\xe3\x81\xa7\xe3\x81\xae\xe5\x91\xbd\xe4\xbb\xa4",
    b"\xe3\x81\x93\xe3\x82\x8c\xe3\x81\xbe\xe3\x81\xa7\xe3\x81\xae\xe6\x8c\x87\xe4\xbb\xa4",
    b"\xe3\x81\x93\xe3\x82\x8c\xe3\x81\xbe\xe3\x81\xa7\xe3\x81\xae\xe6\x8c\x87\xe7\xa4\xba",
    b"\xe3\x82\xa2\xe3\x82\xb7\xe3\x82\xb9\xe3\x82\xbf\xe3\x83\xb3\xe3\x83\x88",
    b"\xe3\x82\xa8\xe3\x83\xbc\xe3\x82\xb8\xe3\x82\xa7\xe3\x83\xb3\xe3\x83\x88",
    b"\xe4\xb8\x8a\xe8\xa8\x98\xe3\x81\xae\xe5\x91\xbd\xe4\xbb\xa4",
    b"\xe4\xb8\x8a\xe8\xa8\x98\xe3\x81\xae\xe6\x8c\x87\xe4\xbb\xa4",
    b"\xe4\xb8\x8a\xe8\xa8\x98\xe3\x81\xae\xe6\x8c\x87\xe7\xa4\xba", b"\xe4\xb8\x8a\xe8\xbf\xb0",
    b"\xe4\xb8\x8a\xe9\x9d\xa2", b"\xe4\xb8\x8d\xe8\xa6\x81\xe7\x90\x86\xe4\xbc\x9a",
    b"\xe4\xb9\x8b\xe5\x89\x8d", b"\xe4\xbb\xa3\xe7\x90\x86", b"\xe4\xbb\xa5\xe4\xb8\x8a",
    b"\xe4\xbb\xa5\xe5\x89\x8d", b"\xe5\x85\x88\xe3\x81\xae\xe5\x91\xbd\xe4\xbb\xa4",
    b"\xe5\x85\x88\xe3\x81\xae\xe6\x8c\x87\xe4\xbb\xa4",
    b"\xe5\x85\x88\xe3\x81\xae\xe6\x8c\x87\xe7\xa4\xba", b"\xe5\x85\x88\xe5\x89\x8d",
    b"\xe5\x89\x8d\xe3\x81\xae\xe5\x91\xbd\xe4\xbb\xa4",
    b"\xe5\x89\x8d\xe3\x81\xae\xe6\x8c\x87\xe4\xbb\xa4",
    b"\xe5\x89\x8d\xe3\x81\xae\xe6\x8c\x87\xe7\xa4\xba", b"\xe5\x89\x8d\xe9\x9d\xa2",
    b"\xe5\x8a\xa9\xe6\x89\x8b", b"\xe5\x8a\xa9\xe7\x90\x86", b"\xe5\x91\xbd\xe4\xbb\xa4",
    b"\xe5\xbf\x98\xe3\x82\x8c", b"\xe5\xbf\x98\xe8\xa8\x98", b"\xe5\xbf\x98\xe8\xae\xb0",
    b"\xe5\xbf\xbd\xe7\x95\xa5", b"\xe5\xbf\xbd\xe8\xa7\x86", b"\xe6\x89\x80\xe6\x9c\x89",
    b"\xe6\x8c\x87\xe4\xbb\xa4", b"\xe6\x8c\x87\xe7\xa4\xba", b"\xe6\x8f\x90\xe7\xa4\xba",
    b"\xe6\x97\xa0\xe8\xa7\x86", b"\xe6\x99\xba\xe8\x83\xbd\xe4\xbd\x93",
    b"\xe7\x84\xa1\xe8\xa6\x96", b"\xe8\xa7\x84\xe5\x88\x99", b"\xe8\xaa\xaa\xe6\x98\x8e",
    b"\xe8\xaf\xb4\xe6\x98\x8e", b"\xeb\x8f\x84\xec\x9a\xb0\xeb\xaf\xb8",
    b"\xeb\xaa\x85\xeb\xa0\xb9", b"\xeb\xac\xb4\xec\x8b\x9c", b"\xeb\xb9\x84\xec\x84\x9c",
    b"\xec\x96\xb4\xec\x8b\x9c\xec\x8a\xa4\xed\x84\xb4\xed\x8a\xb8",
    b"\xec\x97\x90\xec\x9d\xb4\xec\xa0\x84\xed\x8a\xb8", b"\xec\x9d\xb4\xec\xa0\x84",
    b"\xec\xa7\x80\xec\x8b\x9c", b"\xec\xa7\x80\xec\xb9\xa8",
];

pub static GATES: &[Gate] = &[
    // (?im)(?:^(?:[ \\t]*\\d+(?:\\t|→|:\\s))?[^\\w\\n]*|[.!?;:(\\[]\\s*|\\*\\*\\s*)(?:(?:hidden|i
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 1739, post: 444, lits: &[b"a.i.", b"ai", b"automated", b"chatgpt", b"claude", b"code", b"coding", b"copilot", b"cursor", b"gemini", b"gpt", b"language", b"llm"], ids: &[45, 61, 109, 139, 147, 151, 153, 178, 190, 295, 309, 389, 395] },
        ],
    },
    // (?im-u)(?-u:\\b)if\\s+you\\s+are\\s+(?:an?\\s+|the\\s+)?(?:[\\w-]+\\s+){0,2}?(?:ai|a\\.i\\
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 0, post: 357, lits: &[b"if"], ids: &[339] },
            Req { word_start: true, case: false, pre: 359, post: 74, lits: &[b"a.i.", b"agent", b"ai", b"assistant", b"automated", b"autonomous", b"bot", b"chatbot", b"claude", b"copilot", b"crawler", b"gpt", b"llm", b"model", b"scraper"], ids: &[45, 57, 61, 98, 109, 110, 124, 138, 147, 178, 182, 309, 395, 419, 594] },
        ],
    },
    // (?im-u)(?:^[^\\w\\n]*|[^\\w\\s]\\s*|(?-u:\\b)(?:and|or|for|attention|dear|hey|hi|hello
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 154, post: 288, lits: &[b"a.i.", b"ai", b"automated", b"autonomous", b"chatgpt", b"claude", b"codex", b"copilot", b"cursor", b"gemini", b"gpt", b"language", b"llm"], ids: &[45, 61, 109, 110, 139, 147, 152, 178, 190, 295, 309, 389, 395] },
            Req { word_start: true, case: false, pre: 195, post: 249, lits: &[b"a.i.", b"ai", b"automated", b"autonomous", b"chatgpt", b"claude", b"codex", b"copilot", b"cursor", b"gemini", b"gpt", b"llm", b"model"], ids: &[45, 61, 109, 110, 139, 147, 152, 178, 190, 295, 309, 395, 419] },
        ],
    },
    // (?im-u)(?-u:\\b)(?:(?:(?:ai|a\\.i\\.|llms?|large\\s+language\\s+models?|language\\s+mo
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 373, post: 119, lits: &[b"analysing", b"analyzing", b"crawling", b"debugging", b"editing", b"generating", b"handling", b"importing", b"indexing", b"installing", b"integrating", b"maintaining", b"parsing", b"processing", b"reading", b"resolving", b"reviewing", b"summarising", b"summarizing", b"triaging", b"using", b"viewing", b"working"], ids: &[70, 71, 183, 196, 241, 297, 315, 347, 351, 361, 374, 404, 477, 523, 551, 571, 578, 639, 641, 670, 694, 701, 719] },
            Req { word_start: true, case: false, pre: 442, post: 43, lits: &[b"th"], ids: &[654] },
            Req { word_start: true, case: false, pre: 46, post: 449, lits: &[b"a.i.", b"agent", b"ai", b"assistant", b"automated", b"autonomous", b"chatgpt", b"claude", b"codex", b"copilot", b"cursor", b"gemini", b"gpt", b"language", b"llm"], ids: &[45, 57, 61, 98, 109, 110, 139, 147, 152, 178, 190, 295, 309, 389, 395] },
            Req { word_start: true, case: false, pre: 87, post: 410, lits: &[b"a.i.", b"agent", b"ai", b"assistant", b"automated", b"autonomous", b"chatgpt", b"claude", b"codex", b"copilot", b"cursor", b"gemini", b"gpt", b"llm", b"model"], ids: &[45, 57, 61, 98, 109, 110, 139, 147, 152, 178, 190, 295, 309, 395, 419] },
        ],
    },
    // (?im-u)(?-u:\\b)(?:(?:ai|a\\.i\\.|llms?|large\\s+language\\s+models?|language\\s+model
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 339, post: 44, lits: &[b"authorised", b"authorized", b"expected", b"instructed", b"must", b"required", b"shall", b"should", b"to"], ids: &[106, 107, 267, 364, 423, 569, 611, 613, 656] },
            Req { word_start: true, case: false, pre: 46, post: 338, lits: &[b"a.i.", b"ai", b"automated", b"autonomous", b"chatgpt", b"claude", b"codex", b"copilot", b"cursor", b"gemini", b"gpt", b"language", b"llm"], ids: &[45, 61, 109, 110, 139, 147, 152, 178, 190, 295, 309, 389, 395] },
            Req { word_start: true, case: false, pre: 87, post: 299, lits: &[b"a.i.", b"ai", b"automated", b"autonomous", b"chatgpt", b"claude", b"codex", b"copilot", b"cursor", b"gemini", b"gpt", b"llm", b"model"], ids: &[45, 61, 109, 110, 139, 147, 152, 178, 190, 295, 309, 395, 419] },
        ],
    },
    // (?im-u)(?-u:\\b)(?:automated|ai|autonomous)\\s+(?:agent|assistant|tool|system)s?\\s
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 86, post: 0, lits: &[b"detected"], ids: &[210] },
            Req { word_start: true, case: false, pre: 8, post: 92, lits: &[b"ai", b"automated", b"autonomous"], ids: &[61, 109, 110] },
        ],
    },
    // (?im-u)(?-u:\\b)(?:any|every|all)\\s+(?:automated|ai|autonomous|ai-powered)\\s+(?:a
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 46, post: 51, lits: &[b"ai", b"automated", b"autonomous"], ids: &[61, 109, 110] },
        ],
    },
    // (?im-u)(?-u:\\b)(?:whichever|any)\\s+ai(?-u:\\b)
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 42, post: 0, lits: &[b"ai"], ids: &[61] },
        ],
    },
    // (?im-u)(?-u:\\b)to\\s+you,?\\s+(?:claude|copilot|chatgpt|gemini|assistant|ai|agent)
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 0, post: 79, lits: &[b"to"], ids: &[656] },
            Req { word_start: true, case: false, pre: 79, post: 7, lits: &[b"agent", b"ai", b"assistant", b"chatgpt", b"claude", b"copilot", b"gemini"], ids: &[57, 61, 98, 139, 147, 178, 295] },
        ],
    },
    // (?im-u)(?-u:\\b)(?:hey|hi|hello|dear)\\s*,?\\s+(?:ai(?-u:\\b)|agents?(?-u:\\b)|assist
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 3, post: 79, lits: &[b"dear", b"hello", b"hey", b"hi"], ids: &[195, 319, 320, 321] },
            Req { word_start: true, case: false, pre: 79, post: 8, lits: &[b"agent", b"ai", b"assistant", b"bot", b"chatgpt", b"claude", b"copilot", b"gemini", b"llm"], ids: &[57, 61, 98, 124, 139, 147, 178, 295, 395] },
        ],
    },
    // (?im)^(?:[ \\t]*\\d+(?:\\t|→|:\\s))?[\\s#/*>!\\-<\\[(|`]*(?:(?:[a-z-]+\\s+)?(?:agents?|b
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 401, post: 556, lits: &[b"agent", b"ai", b"bot", b"chatgpt", b"claude", b"codex", b"copilot", b"cursor", b"gemini", b"llm"], ids: &[57, 61, 124, 139, 147, 152, 178, 190, 295, 395] },
        ],
    },
    // (?im-u)(?:[\"\'`(\\[]|[.!?]\\s)\\s*(?:claude|copilot|chatgpt|gemini|codex)(?:\\s*/\\s*\\
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 36, post: 166, lits: &[b"chatgpt", b"claude", b"codex", b"copilot", b"gemini"], ids: &[139, 147, 152, 178, 295] },
        ],
    },
    // (?im-u)(?-u:\\b)while\\s+you\\s+(?:are\\s+)?(?:editing|working\\s+on|reading|processi
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 113, post: 75, lits: &[b"editing", b"processing", b"reading", b"reviewing", b"working"], ids: &[241, 523, 551, 578, 719] },
            Req { word_start: true, case: false, pre: 0, post: 184, lits: &[b"while"], ids: &[710] },
            Req { word_start: true, case: false, pre: 158, post: 45, lits: &[b"editing", b"on", b"processing", b"reading", b"reviewing"], ids: &[241, 452, 523, 551, 578] },
        ],
    },
    // (?im)(?:^(?:[ \\t]*\\d+(?:\\t|→|:\\s))?[\\s#/*>!\\-<\\[(|`]*|[.:;]\\s+)assistant\\s*,\\s
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 264, post: 100, lits: &[b"assistant"], ids: &[98] },
        ],
    },
    // (?im-u)(?-u:\\b)\\w+\'s\\s+(?:ai\\s+)?(?:assistant|agent)\\s*:
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 107, post: 37, lits: &[b"agent", b"assistant"], ids: &[57, 98] },
            Req { word_start: false, case: false, pre: 108, post: 37, lits: &[b"gent", b"ssistant"], ids: &[299, 626] },
        ],
    },
    // (?im-u)(?-u:\\b)(?:ai|agent|assistant|llm)[_-](?:instructions?|directives?|prompt
    Gate {
        reqs: &[
            Req { word_start: false, case: false, pre: 21, post: 56, lits: &[b"agent-", b"agent_", b"ai-", b"ai_", b"assistant-", b"assistant_", b"directive]", b"directives]", b"instruction]", b"instructions]", b"llm-", b"llm_", b"note]", b"notes]", b"notice]", b"notices]"], ids: &[58, 59, 62, 63, 99, 100, 217, 219, 366, 368, 396, 397, 434, 435, 438, 439] },
        ],
    },
    // (?im-u)(?-u:\\b)you\\s+are\\s+(?:now\\s+)?(?:an?\\s+|the\\s+)(?:[\\w-]+\\s+){0,2}?(?:ai|
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 283, post: 45, lits: &[b"agent", b"ai", b"assistant", b"bot", b"chatbot", b"language", b"llm"], ids: &[57, 61, 98, 124, 138, 389, 395] },
            Req { word_start: true, case: false, pre: 322, post: 7, lits: &[b"agent", b"ai", b"assistant", b"bot", b"chatbot", b"llm", b"model"], ids: &[57, 61, 98, 124, 138, 395, 419] },
        ],
    },
    // (?im-u)(?-u:\\b)your\\s+(?:context(?-u:\\b)|memory(?-u:\\b)|system\\s+prompt|(?:initi
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 113, post: 90, lits: &[b"answer", b"asked", b"gave", b"given", b"output", b"reply", b"response", b"sent", b"summary", b"your"], ids: &[73, 95, 293, 304, 469, 563, 573, 605, 642, 723] },
            Req { word_start: true, case: false, pre: 117, post: 47, lits: &[b"answer", b"asked", b"context", b"gave", b"given", b"instructions", b"memory", b"output", b"prompt", b"reply", b"response", b"sent", b"summary", b"user"], ids: &[73, 95, 173, 293, 304, 367, 409, 469, 527, 563, 573, 605, 642, 687] },
            Req { word_start: true, case: false, pre: 82, post: 150, lits: &[b"context", b"hidden", b"initial", b"memory", b"original", b"previous", b"system", b"the", b"user", b"window", b"your"], ids: &[173, 322, 356, 409, 463, 513, 650, 655, 687, 712, 723] },
            Req { word_start: true, case: false, pre: 2, post: 149, lits: &[b"in", b"the", b"your"], ids: &[348, 655, 723] },
        ],
    },
    // (?im-u)@(?:claude|copilot|codex|cursor|devin|gemini)(?-u:\\b)
    Gate {
        reqs: &[
            Req { word_start: false, case: false, pre: 2, post: 2, lits: &[b"@claude", b"@codex", b"@copilot", b"@cursor", b"@devin", b"@gemini"], ids: &[33, 34, 35, 36, 37, 38] },
            Req { word_start: true, case: false, pre: 3, post: 2, lits: &[b"claude", b"codex", b"copilot", b"cursor", b"devin", b"gemini"], ids: &[147, 152, 178, 190, 212, 295] },
        ],
    },
    // (?im)^(?:[ \\t]*\\d+(?:\\t|→|:\\s))?#{1,6}\\s+(?:notes?|instructions?|guidelines?|rul
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 801, post: 209, lits: &[b"a.i.", b"agent", b"ai", b"assistant", b"chatgpt", b"claude", b"codex", b"copilot", b"cursor", b"gemini", b"gpt", b"language", b"llm"], ids: &[45, 57, 61, 98, 139, 147, 152, 178, 190, 295, 309, 389, 395] },
            Req { word_start: true, case: false, pre: 908, post: 104, lits: &[b"a.i.", b"agent", b"ai", b"assistant", b"chatgpt", b"claude", b"codex", b"copilot", b"cursor", b"gemini", b"gpt", b"llm", b"model"], ids: &[45, 57, 61, 98, 139, 147, 152, 178, 190, 295, 309, 395, 419] },
        ],
    },
    // (?im)(?-u:\\b)(?:asistente|assistente|assistant|agente|agent)\\s+(?:virtual\\s+)?(?
    Gate {
        reqs: &[
            Req { word_start: false, case: false, pre: 6, post: 315, lits: &[b"gent", b"sistente", b"ssistant"], ids: &[299, 617, 626] },
            Req { word_start: true, case: false, pre: 318, post: 2, lits: &[b"ai", b"i.a.", b"ia"], ids: &[61, 332, 333] },
        ],
    },
    // (?im)(?-u:\\b)KI[\\s-]*(?:Assistent|Agent|Modell|System)\\w*|(?-u:\\b)(?:an\\s+die|li
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 204, post: 235, lits: &[b"die", b"ia", b"ki", b"liebe", b"para"], ids: &[213, 333, 387, 392, 475] },
        ],
    },
    // (?im)(?:AI|人工智能|智能)\\s*(?:助手|助理|代理|智能体)|AI\\s*(?:アシスタント|エージェント)|(?:ИИ|AI)[\\s-]*(?:
    Gate {
        reqs: &[
            Req { word_start: false, case: false, pre: 128, post: 151, lits: &[b"\xd0\x90\xd0\x93\xd0\x95\xd0\x9d", b"\xd0\x90\xd0\x93\xd0\x95\xd0\xbd", b"\xd0\x90\xd0\x93\xd0\xb5\xd0\x9d", b"\xd0\x90\xd0\x93\xd0\xb5\xd0\xbd", b"\xd0\x90\xd0\xb3\xd0\x95\xd0\x9d", b"\xd0\x90\xd0\xb3\xd0\x95\xd0\xbd", b"\xd0\x90\xd0\xb3\xd0\xb5\xd0\x9d", b"\xd0\x90\xd0\xb3\xd0\xb5\xd0\xbd", b"\xd0\x95\xd0\x9d\xd0\xa2", b"\xd0\x95\xd0\x9d\xd1\x82", b"\xd0\x95\xd0\x9d\xe1\xb2\x84", b"\xd0\x95\xd0\x9d\xe1\xb2\x85", b"\xd0\x95\xd0\xbd\xd0\xa2", b"\xd0\x95\xd0\xbd\xd1\x82", b"\xd0\x95\xd0\xbd\xe1\xb2\x84", b"\xd0\x95\xd0\xbd\xe1\xb2\x85", b"\xd0\x9f\xd0\x9e\xd0\x9c", b"\xd0\x9f\xd0\x9e\xd0\xbc", b"\xd0\x9f\xd0\xbe\xd0\x9c", b"\xd0\x9f\xd0\xbe\xd0\xbc", b"\xd0\x9f\xe1\xb2\x82\xd0\x9c", b"\xd0\x9f\xe1\xb2\x82\xd0\xbc", b"\xd0\xb0\xd0\x93\xd0\x95\xd0\x9d", b"\xd0\xb0\xd0\x93\xd0\x95\xd0\xbd", b"\xd0\xb0\xd0\x93\xd0\xb5\xd0\x9d", b"\xd0\xb0\xd0\x93\xd0\xb5\xd0\xbd", b"\xd0\xb0\xd0\xb3\xd0\x95\xd0\x9d", b"\xd0\xb0\xd0\xb3\xd0\x95\xd0\xbd", b"\xd0\xb0\xd0\xb3\xd0\xb5\xd0\x9d", b"\xd0\xb0\xd0\xb3\xd0\xb5\xd0\xbd", b"\xd0\xb5\xd0\x9d\xd0\xa2", b"\xd0\xb5\xd0\x9d\xd1\x82", b"\xd0\xb5\xd0\x9d\xe1\xb2\x84", b"\xd0\xb5\xd0\x9d\xe1\xb2\x85", b"\xd0\xb5\xd0\xbd\xd0\xa2", b"\xd0\xb5\xd0\xbd\xd1\x82", b"\xd0\xb5\xd0\xbd\xe1\xb2\x84", b"\xd0\xb5\xd0\xbd\xe1\xb2\x85", b"\xd0\xbf\xd0\x9e\xd0\x9c", b"\xd0\xbf\xd0\x9e\xd0\xbc", b"\xd0\xbf\xd0\xbe\xd0\x9c", b"\xd0\xbf\xd0\xbe\xd0\xbc", b"\xd0\xbf\xe1\xb2\x82\xd0\x9c", b"\xd0\xbf\xe1\xb2\x82\xd0\xbc", b"\xd8\xa7\xd9\x84\xd9\x85\xd8\xb3\xd8\xa7\xd8\xb9\xd8\xaf", b"\xd9\x84\xd9\x84\xd9\x85\xd8\xb3\xd8\xa7\xd8\xb9\xd8\xaf", b"\xe3\x82\xa2\xe3\x82\xb7\xe3\x82\xb9\xe3\x82\xbf\xe3\x83\xb3\xe3\x83\x88", b"\xe3\x82\xa8\xe3\x83\xbc\xe3\x82\xb8\xe3\x82\xa7\xe3\x83\xb3\xe3\x83\x88", b"\xe4\xbb\xa3\xe7\x90\x86", b"\xe5\x8a\xa9\xe6\x89\x8b", b"\xe5\x8a\xa9\xe7\x90\x86", b"\xe6\x99\xba\xe8\x83\xbd\xe4\xbd\x93", b"\xeb\x8f\x84\xec\x9a\xb0\xeb\xaf\xb8", b"\xeb\xb9\x84\xec\x84\x9c", b"\xec\x96\xb4\xec\x8b\x9c\xec\x8a\xa4\xed\x84\xb4\xed\x8a\xb8", b"\xec\x97\x90\xec\x9d\xb4\xec\xa0\x84\xed\x8a\xb8"], ids: &[727, 728, 729, 730, 738, 739, 740, 741, 755, 756, 757, 758, 765, 766, 767, 768, 807, 808, 809, 810, 811, 812, 829, 830, 831, 832, 840, 841, 842, 843, 857, 858, 859, 860, 867, 868, 869, 870, 909, 910, 911, 912, 913, 914, 933, 936, 944, 945, 953, 964, 965, 977, 982, 985, 986, 987] },
        ],
    },
    // (?im-u)(?-u:\\b)(?:ignore|disregard|forget|override|bypass|skip|abandon|discard|n
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 76, post: 304, lits: &[b"abandon", b"aside", b"attention", b"bypass", b"discard", b"disregard", b"forget", b"ignore", b"neglect", b"override", b"skip"], ids: &[46, 93, 104, 127, 223, 227, 283, 341, 428, 472, 619] },
            Req { word_start: true, case: false, pre: 375, post: 8, lits: &[b"command", b"constraints", b"context", b"direction", b"directive", b"guidance", b"guidelines", b"instruction", b"messages", b"orders", b"programming", b"prompt", b"restrictions", b"rules", b"task"], ids: &[155, 169, 173, 215, 216, 313, 314, 365, 413, 458, 525, 527, 575, 587, 651] },
        ],
    },
    // (?im-u)(?-u:\\b)(?:disregard|ignore|forget)\\s+(?:the\\s+|your\\s+)?user(?:\'s|s\')?\\s
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 3, post: 165, lits: &[b"disregard", b"forget", b"ignore"], ids: &[227, 283, 341] },
            Req { word_start: true, case: false, pre: 167, post: 8, lits: &[b"instruction", b"prompt", b"query", b"question", b"request", b"task"], ids: &[365, 527, 546, 547, 565, 651] },
        ],
    },
    // (?im-u)(?-u:\\b)forget\\s+(?:everything|all|what)\\s+(?:you(?:\'ve|\\s+have)?\\s+(?:be
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 0, post: 227, lits: &[b"forget"], ids: &[283] },
        ],
    },
    // (?im-u)(?-u:\\b)strictly\\s+adhere\\s+to\\s+the\\s+following\\s+instructions?|(?-u:\\b)
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 194, post: 34, lits: &[b"instruction"], ids: &[365] },
        ],
    },
    // (?im-u)(?-u:\\b)from\\s+now\\s+on,?\\s+(?:(?:you|your)\\s+(?:are|will|must|should|onl
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 37, post: 113, lits: &[b"now"], ids: &[441] },
            Req { word_start: true, case: false, pre: 74, post: 78, lits: &[b"on"], ids: &[452] },
        ],
    },
    // (?im-u)(?-u:\\b)you\\s+are\\s+(?:now|no\\s+longer)\\s+(?:a\\s+|an\\s+|the\\s+)?(?:[\\w-]+
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 80, post: 323, lits: &[b"no", b"outrank", b"override", b"precedence", b"supersede"], ids: &[431, 470, 472, 504, 643] },
            Req { word_start: true, case: false, pre: 388, post: 225, lits: &[b"agent", b"ai", b"assistant", b"bot", b"chatbot", b"chatgpt", b"claude", b"dan", b"gpt", b"llm", b"model", b"outrank", b"over", b"supersede"], ids: &[57, 61, 98, 124, 138, 139, 147, 191, 309, 395, 419, 470, 471, 643] },
            Req { word_start: true, case: false, pre: 389, post: 10, lits: &[b"agent", b"ai", b"assistant", b"bot", b"chatbot", b"chatgpt", b"claude", b"dan", b"directives", b"gpt", b"guidelines", b"instructions", b"llm", b"model", b"programming", b"prompt", b"rules", b"training"], ids: &[57, 61, 98, 124, 138, 139, 147, 191, 218, 309, 314, 367, 395, 419, 525, 527, 587, 666] },
        ],
    },
    // (?im-u)(?-u:\\b)(?:comply\\s+with|obey|follow|execute|carry\\s+out)\\s+(?:every|all|
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 192, post: 45, lits: &[b"command", b"directive", b"instruction", b"order", b"request"], ids: &[155, 216, 365, 457, 565] },
            Req { word_start: true, case: false, pre: 3, post: 232, lits: &[b"carry", b"comply", b"execute", b"follow", b"obey"], ids: &[133, 160, 265, 279, 445] },
        ],
    },
    // (?im-u)(?-u:\\b)(?:unrestricted|unfiltered|uncensored|jailbroken|amoral)\\s+(?:ai|
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 289, post: 49, lits: &[b"amoral", b"content", b"filters", b"guardrails", b"guidelines", b"jailbroken", b"limits", b"restrictions", b"rules", b"uncensored", b"unfiltered", b"unrestricted"], ids: &[69, 172, 277, 312, 314, 382, 393, 575, 587, 677, 678, 680] },
            Req { word_start: true, case: false, pre: 329, post: 49, lits: &[b"amoral", b"filters", b"guardrails", b"guidelines", b"jailbroken", b"limits", b"policies", b"policy", b"restrictions", b"rules", b"uncensored", b"unfiltered", b"unrestricted"], ids: &[69, 277, 312, 314, 382, 393, 495, 496, 575, 587, 677, 678, 680] },
        ],
    },
    // (?im-u)(?-u:\\b)(?:recommend|promote|endorse|praise|mention|suggest)\\s+(?:\\S+\\s+)
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 3, post: 382, lits: &[b"describe", b"endorse", b"mention", b"praise", b"present", b"promote", b"recommend", b"report", b"suggest", b"summarise", b"summarize"], ids: &[207, 248, 410, 501, 510, 526, 555, 564, 636, 638, 640] },
            Req { word_start: true, case: false, pre: 382, post: 240, lits: &[b"answer", b"describe", b"output", b"present", b"replies", b"report", b"response", b"review", b"summaries", b"summarise", b"summarize", b"summary"], ids: &[73, 207, 469, 510, 562, 564, 573, 577, 637, 638, 640, 642] },
            Req { word_start: true, case: false, pre: 386, post: 40, lits: &[b"answer", b"as", b"output", b"replies", b"response", b"review", b"summaries", b"summary"], ids: &[73, 92, 469, 562, 573, 577, 637, 642] },
        ],
    },
    // (?im-u)(?-u:\\b)(?:answer|respond|reply)s?\\s+(?:to\\s+)?(?:every|each|all|any)\\s+(
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 4, post: 515, lits: &[b"answer", b"call", b"describe", b"portray", b"present", b"rank", b"rate", b"reply", b"respond", b"treat"], ids: &[73, 129, 207, 497, 510, 548, 549, 563, 572, 669] },
            Req { word_start: true, case: false, pre: 512, post: 359, lits: &[b"admin", b"answer", b"call", b"creator", b"describe", b"developer", b"operator", b"owner", b"portray", b"present", b"principal", b"rank", b"rate", b"reply", b"respond"], ids: &[55, 73, 129, 185, 207, 211, 456, 473, 497, 510, 515, 548, 549, 563, 572] },
            Req { word_start: true, case: false, pre: 513, post: 42, lits: &[b"admin", b"best", b"creator", b"developer", b"link", b"mention", b"most", b"only", b"operator", b"owner", b"principal", b"reference", b"safest", b"top", b"url"], ids: &[55, 118, 185, 211, 394, 410, 421, 453, 456, 473, 515, 559, 591, 663, 685] },
        ],
    },
    // (?m-u)(?-i)(?-u:\\b)(?:[Rr]ecommend|[Pp]romote|[Ss]uggest|[Pp]refer|[Ee]ndorse|[F
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 5, post: 346, lits: &[b"endorse", b"favor", b"favour", b"prefer", b"promote", b"push", b"recommend", b"suggest"], ids: &[248, 273, 274, 508, 526, 541, 555, 636] },
        ],
    },
    // (?im-u)(?-u:\\b)(?:say|state|report|claim|conclude|write)\\s+(?:that\\s+)?(?:the|th
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 439, post: 52, lits: &[b"bugs", b"issues", b"problems", b"risks", b"security", b"vulnerabilities", b"vulnerability"], ids: &[125, 379, 522, 581, 600, 705, 706] },
            Req { word_start: true, case: false, pre: 477, post: 11, lits: &[b"bugs", b"concerns", b"issues", b"problems", b"risks", b"vulnerabilities", b"vulnerability"], ids: &[125, 161, 379, 522, 581, 705, 706] },
            Req { word_start: true, case: false, pre: 5, post: 474, lits: &[b"claim", b"conclude", b"report", b"say", b"state", b"write"], ids: &[146, 162, 564, 592, 631, 720] },
            Req { word_start: true, case: false, pre: 355, post: 120, lits: &[b"no"], ids: &[431] },
        ],
    },
    // (?im-u)(?-u:\\b)always\\s+(?:approve|merge|accept|trust|allow)\\s+(?:\\w+\\s+){0,3}?(
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 0, post: 317, lits: &[b"always"], ids: &[68] },
            Req { word_start: true, case: false, pre: 41, post: 279, lits: &[b"accept", b"allow", b"approve", b"merge", b"trust"], ids: &[48, 65, 87, 411, 674] },
            Req { word_start: true, case: false, pre: 321, post: 6, lits: &[b"changes", b"commits", b"pr", b"request"], ids: &[135, 158, 500, 565] },
            Req { word_start: true, case: false, pre: 283, post: 47, lits: &[b"changes", b"commits", b"merge", b"pr", b"pull", b"requests"], ids: &[135, 158, 411, 500, 538, 567] },
        ],
    },
    // (?im-u)(?-u:\\b)(?:pre-?approved|already\\s+(?:been\\s+)?approved|signed\\s+off\\s+on
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 201, post: 415, lits: &[b"access", b"approved", b"granted", b"permission", b"pre-approved", b"preapproved", b"privileges", b"rights", b"signed"], ids: &[49, 88, 311, 486, 502, 503, 521, 580, 616] },
            Req { word_start: true, case: false, pre: 201, post: 415, lits: &[b"access", b"already", b"granted", b"permission", b"pre-approved", b"preapproved", b"privileges", b"rights", b"signed"], ids: &[49, 67, 311, 486, 502, 503, 521, 580, 616] },
            Req { word_start: true, case: false, pre: 204, post: 335, lits: &[b"access", b"already", b"off", b"permission", b"pre-approved", b"preapproved", b"privileges", b"rights"], ids: &[49, 67, 448, 486, 502, 503, 521, 580] },
            Req { word_start: true, case: false, pre: 131, post: 336, lits: &[b"access", b"already", b"given", b"granted", b"on", b"permission", b"pre-approved", b"preapproved", b"privileges", b"rights"], ids: &[49, 67, 304, 311, 452, 486, 502, 503, 521, 580] },
        ],
    },
    // (?im-u)(?-u:\\b)(?:ignore|disregard)\\s+(?:all\\s+)?(?:other|any\\s+other)\\s+(?:resu
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 3, post: 159, lits: &[b"disregard", b"ignore"], ids: &[227, 341] },
            Req { word_start: true, case: false, pre: 114, post: 46, lits: &[b"other"], ids: &[466] },
        ],
    },
    // (?im-u)(?-u:\\b)(?:override|bypass|circumvent|disable|ignore)\\s+(?:your|the|all|a
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 213, post: 50, lits: &[b"content", b"filters", b"guardrails", b"guidelines", b"mode", b"restrictions", b"safeguards"], ids: &[172, 277, 312, 314, 418, 575, 590] },
            Req { word_start: true, case: false, pre: 79, post: 164, lits: &[b"bypass", b"circumvent", b"dan", b"developer", b"disable", b"god", b"ignore", b"jailbreak", b"now", b"override"], ids: &[127, 144, 191, 211, 221, 308, 341, 381, 441, 472] },
            Req { word_start: true, case: false, pre: 116, post: 165, lits: &[b"bypass", b"circumvent", b"dan", b"developer", b"disable", b"god", b"ignore", b"in", b"jailbreak", b"override"], ids: &[127, 144, 191, 211, 221, 308, 341, 348, 381, 472] },
        ],
    },
    // (?im-u)(?-u:\\b)your\\s+(?:new\\s+|real\\s+|actual\\s+)?(?:goal|task|objective|missio
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 82, post: 329, lits: &[b"after", b"before", b"goal", b"job", b"mission", b"objective", b"task"], ids: &[56, 116, 307, 383, 417, 447, 651] },
            Req { word_start: true, case: false, pre: 225, post: 216, lits: &[b"answer", b"complete", b"continue", b"goal", b"job", b"mission", b"objective", b"solve", b"start", b"task"], ids: &[73, 159, 175, 307, 383, 417, 447, 623, 630, 651] },
            Req { word_start: true, case: false, pre: 124, post: 216, lits: &[b"answer", b"complete", b"continue", b"do", b"is", b"now", b"solve", b"start"], ids: &[73, 159, 175, 228, 378, 441, 623, 630] },
        ],
    },
    // (?im)(?-u:\\b)(?:ignora|ignore|olvida|olvide|descarta|omite)\\w*\\s+(?:todas\\s+)?(?
    Gate {
        reqs: &[
            Req { word_start: false, case: false, pre: 446, post: 114, lits: &[b"indicaciones", b"instrucciones", b"\xc3\x93rdenes", b"\xc3\xb3rdenes"], ids: &[352, 362, 725, 726] },
            Req { word_start: true, case: false, pre: 556, post: 3, lits: &[b"anteriores", b"previas"], ids: &[74, 512] },
            Req { word_start: true, case: false, pre: 3, post: 558, lits: &[b"descarta", b"ignora", b"ignore", b"olvida", b"olvide", b"omite"], ids: &[205, 340, 341, 449, 450, 451] },
        ],
    },
    // (?im)(?-u:\\b)(?:ignore[zr]?|oublie[zr]?)\\s+(?:toutes\\s+)?(?:les\\s+)?(?:instructi
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 316, post: 115, lits: &[b"consignes", b"directives", b"instructions"], ids: &[168, 218, 367] },
            Req { word_start: true, case: false, pre: 428, post: 4, lits: &[b"ant\xc3\x89rieures", b"ant\xc3\xa9rieures", b"ci-dessus", b"precedentes", b"pr\xc3\x89c\xc3\x89dentes", b"pr\xc3\x89c\xc3\xa9dentes", b"pr\xc3\xa9c\xc3\x89dentes", b"pr\xc3\xa9c\xc3\xa9dentes"], ids: &[77, 78, 143, 505, 529, 530, 532, 533] },
            Req { word_start: true, case: false, pre: 1, post: 431, lits: &[b"ignore", b"oublie"], ids: &[341, 467] },
        ],
    },
    // (?im)(?-u:\\b)(?:ignorier\\w*|vergiss\\w*|missacht\\w*)\\s+(?:du\\s+|sie\\s+)?(?:alle\\s
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 113, post: 660, lits: &[b"anweisungen", b"ignorier", b"missacht", b"vergiss"], ids: &[79, 342, 416, 699] },
            Req { word_start: true, case: false, pre: 657, post: 6, lits: &[b"anordnungen", b"anweisungen", b"befehle", b"ignorieren", b"instruktionen", b"vergessen"], ids: &[72, 79, 115, 343, 369, 698] },
            Req { word_start: true, case: false, pre: 4, post: 660, lits: &[b"bisherigen", b"ignorier", b"missacht", b"obigen", b"vergiss", b"vorherigen"], ids: &[119, 342, 416, 446, 699, 703] },
            Req { word_start: true, case: false, pre: 546, post: 223, lits: &[b"bisherigen", b"fr\xc3\x9cheren", b"fr\xc3\xbcheren", b"obigen", b"vorherigen", b"vorigen"], ids: &[119, 288, 289, 446, 703, 704] },
        ],
    },
    // (?im)(?-u:\\b)(?:ignore|ignora|esqueça|esqueca|desconsidere)\\s+(?:todas\\s+)?(?:as
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 430, post: 2, lits: &[b"anteriores", b"pr\xc3\x89vias", b"pr\xc3\xa9vias"], ids: &[74, 531, 534] },
            Req { word_start: true, case: false, pre: 319, post: 112, lits: &[b"instrucoes", b"instru\xc3\x87\xc3\x95es", b"instru\xc3\x87\xc3\xb5es", b"instru\xc3\xa7\xc3\x95es", b"instru\xc3\xa7\xc3\xb5es", b"orienta\xc3\x87\xc3\x95es", b"orienta\xc3\x87\xc3\xb5es", b"orienta\xc3\xa7\xc3\x95es", b"orienta\xc3\xa7\xc3\xb5es"], ids: &[363, 370, 371, 372, 373, 459, 460, 461, 462] },
            Req { word_start: true, case: false, pre: 6, post: 432, lits: &[b"desconsidere", b"esqueca", b"esque\xc3\x87a", b"esque\xc3\xa7a", b"ignora", b"ignore"], ids: &[206, 258, 259, 260, 340, 341] },
        ],
    },
    // (?im-u)(?-u:\\b)(?:ignora|ignorate|dimentica)\\s+(?:tutte\\s+)?(?:le\\s+)?(?:istruzi
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 116, post: 44, lits: &[b"indicazioni", b"istruzioni"], ids: &[353, 380] },
            Req { word_start: false, case: false, pre: 117, post: 44, lits: &[b"ndicazioni", b"struzioni"], ids: &[426, 633] },
            Req { word_start: true, case: false, pre: 160, post: 1, lits: &[b"anteriori", b"precedenti"], ids: &[75, 506] },
            Req { word_start: true, case: false, pre: 3, post: 163, lits: &[b"dimentica", b"ignora"], ids: &[214, 340] },
        ],
    },
    // (?im)(?:忽略|无视|忘记|忽视|無視|忘記|不要理会)(?:掉)?(?:你)?(?:之前|以前|先前|上面|上述|前面|所有|以上)(?:的)?(?:所
    Gate {
        reqs: &[
            Req { word_start: false, case: false, pre: 33, post: 0, lits: &[b"\xe5\x91\xbd\xe4\xbb\xa4", b"\xe5\xbf\x98\xe3\x82\x8c", b"\xe6\x8c\x87\xe4\xbb\xa4", b"\xe6\x8c\x87\xe7\xa4\xba", b"\xe6\x8f\x90\xe7\xa4\xba", b"\xe7\x84\xa1\xe8\xa6\x96", b"\xe8\xa7\x84\xe5\x88\x99", b"\xe8\xaa\xaa\xe6\x98\x8e", b"\xe8\xaf\xb4\xe6\x98\x8e"], ids: &[966, 967, 973, 974, 975, 978, 979, 980, 981] },
            Req { word_start: false, case: false, pre: 18, post: 18, lits: &[b"\xe4\xb8\x8a\xe8\xbf\xb0", b"\xe4\xb8\x8a\xe9\x9d\xa2", b"\xe4\xb9\x8b\xe5\x89\x8d", b"\xe4\xbb\xa5\xe4\xb8\x8a", b"\xe4\xbb\xa5\xe5\x89\x8d", b"\xe5\x85\x88\xe5\x89\x8d", b"\xe5\x89\x8d\xe9\x9d\xa2", b"\xe5\x91\xbd\xe4\xbb\xa4", b"\xe6\x89\x80\xe6\x9c\x89", b"\xe6\x8c\x87\xe4\xbb\xa4", b"\xe6\x8c\x87\xe7\xa4\xba"], ids: &[949, 950, 952, 954, 955, 959, 963, 966, 972, 973, 974] },
            Req { word_start: false, case: false, pre: 15, post: 39, lits: &[b"\xe3\x81\x93\xe3\x82\x8c\xe3\x81\xbe\xe3\x81\xa7\xe3\x81\xae\xe5\x91\xbd\xe4\xbb\xa4", b"\xe3\x81\x93\xe3\x82\x8c\xe3\x81\xbe\xe3\x81\xa7\xe3\x81\xae\xe6\x8c\x87\xe4\xbb\xa4", b"\xe3\x81\x93\xe3\x82\x8c\xe3\x81\xbe\xe3\x81\xa7\xe3\x81\xae\xe6\x8c\x87\xe7\xa4\xba", b"\xe4\xb8\x8a\xe8\xa8\x98\xe3\x81\xae\xe5\x91\xbd\xe4\xbb\xa4", b"\xe4\xb8\x8a\xe8\xa8\x98\xe3\x81\xae\xe6\x8c\x87\xe4\xbb\xa4", b"\xe4\xb8\x8a\xe8\xa8\x98\xe3\x81\xae\xe6\x8c\x87\xe7\xa4\xba", b"\xe4\xb8\x8d\xe8\xa6\x81\xe7\x90\x86\xe4\xbc\x9a", b"\xe5\x85\x88\xe3\x81\xae\xe5\x91\xbd\xe4\xbb\xa4", b"\xe5\x85\x88\xe3\x81\xae\xe6\x8c\x87\xe4\xbb\xa4", b"\xe5\x85\x88\xe3\x81\xae\xe6\x8c\x87\xe7\xa4\xba", b"\xe5\x89\x8d\xe3\x81\xae\xe5\x91\xbd\xe4\xbb\xa4", b"\xe5\x89\x8d\xe3\x81\xae\xe6\x8c\x87\xe4\xbb\xa4", b"\xe5\x89\x8d\xe3\x81\xae\xe6\x8c\x87\xe7\xa4\xba", b"\xe5\xbf\x98\xe8\xa8\x98", b"\xe5\xbf\x98\xe8\xae\xb0", b"\xe5\xbf\xbd\xe7\x95\xa5", b"\xe5\xbf\xbd\xe8\xa7\x86", b"\xe6\x97\xa0\xe8\xa7\x86", b"\xe7\x84\xa1\xe8\xa6\x96"], ids: &[941, 942, 943, 946, 947, 948, 951, 956, 957, 958, 960, 961, 962, 968, 969, 970, 971, 976, 978] },
        ],
    },
    // (?im)(?:игнорируй|игнорируйте|забудь|забудьте|проигнорируй)\\w*\\s+(?:все\\s+)?(?:п
    Gate {
        reqs: &[
            Req { word_start: false, case: false, pre: 228, post: 522, lits: &[b"\xd0\x97\xd0\x90\xd0\x91\xd0\xa3", b"\xd0\x97\xd0\x90\xd0\x91\xd1\x83", b"\xd0\x97\xd0\x90\xd0\xb1\xd0\xa3", b"\xd0\x97\xd0\x90\xd0\xb1\xd1\x83", b"\xd0\x97\xd0\xb0\xd0\x91\xd0\xa3", b"\xd0\x97\xd0\xb0\xd0\x91\xd1\x83", b"\xd0\x97\xd0\xb0\xd0\xb1\xd0\xa3", b"\xd0\x97\xd0\xb0\xd0\xb1\xd1\x83", b"\xd0\x98\xd0\x93\xd0\x9d", b"\xd0\x98\xd0\x93\xd0\xbd", b"\xd0\x98\xd0\xb3\xd0\x9d", b"\xd0\x98\xd0\xb3\xd0\xbd", b"\xd0\xb7\xd0\x90\xd0\x91\xd0\xa3", b"\xd0\xb7\xd0\x90\xd0\x91\xd1\x83", b"\xd0\xb7\xd0\x90\xd0\xb1\xd0\xa3", b"\xd0\xb7\xd0\x90\xd0\xb1\xd1\x83", b"\xd0\xb7\xd0\xb0\xd0\x91\xd0\xa3", b"\xd0\xb7\xd0\xb0\xd0\x91\xd1\x83", b"\xd0\xb7\xd0\xb0\xd0\xb1\xd0\xa3", b"\xd0\xb7\xd0\xb0\xd0\xb1\xd1\x83", b"\xd0\xb8\xd0\x93\xd0\x9d", b"\xd0\xb8\xd0\x93\xd0\xbd", b"\xd0\xb8\xd0\xb3\xd0\x9d", b"\xd0\xb8\xd0\xb3\xd0\xbd", b"\xd8\xa7\xd9\x84\xd8\xaa\xd8\xb9\xd9\x84\xd9\x8a\xd9\x85\xd8\xa7\xd8\xaa", b"\xec\x9d\xb4\xec\xa0\x84"], ids: &[771, 772, 773, 774, 775, 776, 777, 778, 779, 780, 784, 785, 873, 874, 875, 876, 877, 878, 879, 880, 881, 882, 886, 887, 931, 988] },
            Req { word_start: false, case: false, pre: 522, post: 23, lits: &[b"\xd0\x90\xd0\x9d\xd0\x94", b"\xd0\x90\xd0\x9d\xd0\x98\xd0\xaf", b"\xd0\x90\xd0\x9d\xd0\x98\xd1\x8f", b"\xd0\x90\xd0\x9d\xd0\xb4", b"\xd0\x90\xd0\x9d\xd0\xb8\xd0\xaf", b"\xd0\x90\xd0\x9d\xd0\xb8\xd1\x8f", b"\xd0\x90\xd0\x9d\xe1\xb2\x81", b"\xd0\x90\xd0\xbd\xd0\x94", b"\xd0\x90\xd0\xbd\xd0\x98\xd0\xaf", b"\xd0\x90\xd0\xbd\xd0\x98\xd1\x8f", b"\xd0\x90\xd0\xbd\xd0\xb4", b"\xd0\x90\xd0\xbd\xd0\xb8\xd0\xaf", b"\xd0\x90\xd0\xbd\xd0\xb8\xd1\x8f", b"\xd0\x90\xd0\xbd\xe1\xb2\x81", b"\xd0\x98\xd0\x9d\xd0\xa1", b"\xd0\x98\xd0\x9d\xd1\x81", b"\xd0\x98\xd0\x9d\xe1\xb2\x83", b"\xd0\x98\xd0\xbd\xd0\xa1", b"\xd0\x98\xd0\xbd\xd1\x81", b"\xd0\x98\xd0\xbd\xe1\xb2\x83", b"\xd0\xb0\xd0\x9d\xd0\x94", b"\xd0\xb0\xd0\x9d\xd0\x98\xd0\xaf", b"\xd0\xb0\xd0\x9d\xd0\x98\xd1\x8f", b"\xd0\xb0\xd0\x9d\xd0\xb4", b"\xd0\xb0\xd0\x9d\xd0\xb8\xd0\xaf", b"\xd0\xb0\xd0\x9d\xd0\xb8\xd1\x8f", b"\xd0\xb0\xd0\x9d\xe1\xb2\x81", b"\xd0\xb0\xd0\xbd\xd0\x94", b"\xd0\xb0\xd0\xbd\xd0\x98\xd0\xaf", b"\xd0\xb0\xd0\xbd\xd0\x98\xd1\x8f", b"\xd0\xb0\xd0\xbd\xd0\xb4", b"\xd0\xb0\xd0\xbd\xd0\xb8\xd0\xaf", b"\xd0\xb0\xd0\xbd\xd0\xb8\xd1\x8f", b"\xd0\xb0\xd0\xbd\xe1\xb2\x81", b"\xd0\xb8\xd0\x9d\xd0\xa1", b"\xd0\xb8\xd0\x9d\xd1\x81", b"\xd0\xb8\xd0\x9d\xe1\xb2\x83", b"\xd0\xb8\xd0\xbd\xd0\xa1", b"\xd0\xb8\xd0\xbd\xd1\x81", b"\xd0\xb8\xd0\xbd\xe1\xb2\x83", b"\xd8\xa7\xd9\x84\xd8\xb3\xd8\xa7\xd8\xa8\xd9\x82\xd8\xa9", b"\xeb\xac\xb4\xec\x8b\x9c"], ids: &[731, 732, 733, 734, 735, 736, 737, 742, 743, 744, 745, 746, 747, 748, 781, 782, 783, 786, 787, 788, 833, 834, 835, 836, 837, 838, 839, 844, 845, 846, 847, 848, 849, 850, 883, 884, 885, 888, 889, 890, 932, 984] },
            Req { word_start: false, case: false, pre: 509, post: 341, lits: &[b"\xd0\x9a\xd0\x9e\xd0\x9c", b"\xd0\x9a\xd0\x9e\xd0\xbc", b"\xd0\x9a\xd0\xa6\xd0\x98\xd0\x98", b"\xd0\x9a\xd0\xa6\xd0\x98\xd0\xb8", b"\xd0\x9a\xd0\xa6\xd0\xb8\xd0\x98", b"\xd0\x9a\xd0\xa6\xd0\xb8\xd0\xb8", b"\xd0\x9a\xd0\xbe\xd0\x9c", b"\xd0\x9a\xd0\xbe\xd0\xbc", b"\xd0\x9a\xd1\x86\xd0\x98\xd0\x98", b"\xd0\x9a\xd1\x86\xd0\x98\xd0\xb8", b"\xd0\x9a\xd1\x86\xd0\xb8\xd0\x98", b"\xd0\x9a\xd1\x86\xd0\xb8\xd0\xb8", b"\xd0\x9a\xe1\xb2\x82\xd0\x9c", b"\xd0\x9a\xe1\xb2\x82\xd0\xbc", b"\xd0\xa3\xd0\x9a\xd0\x90\xd0\x97", b"\xd0\xa3\xd0\x9a\xd0\x90\xd0\xb7", b"\xd0\xa3\xd0\x9a\xd0\xb0\xd0\x97", b"\xd0\xa3\xd0\x9a\xd0\xb0\xd0\xb7", b"\xd0\xa3\xd0\xba\xd0\x90\xd0\x97", b"\xd0\xa3\xd0\xba\xd0\x90\xd0\xb7", b"\xd0\xa3\xd0\xba\xd0\xb0\xd0\x97", b"\xd0\xa3\xd0\xba\xd0\xb0\xd0\xb7", b"\xd0\xba\xd0\x9e\xd0\x9c", b"\xd0\xba\xd0\x9e\xd0\xbc", b"\xd0\xba\xd0\xa6\xd0\x98\xd0\x98", b"\xd0\xba\xd0\xa6\xd0\x98\xd0\xb8", b"\xd0\xba\xd0\xa6\xd0\xb8\xd0\x98", b"\xd0\xba\xd0\xa6\xd0\xb8\xd0\xb8", b"\xd0\xba\xd0\xbe\xd0\x9c", b"\xd0\xba\xd0\xbe\xd0\xbc", b"\xd0\xba\xd1\x86\xd0\x98\xd0\x98", b"\xd0\xba\xd1\x86\xd0\x98\xd0\xb8", b"\xd0\xba\xd1\x86\xd0\xb8\xd0\x98", b"\xd0\xba\xd1\x86\xd0\xb8\xd0\xb8", b"\xd0\xba\xe1\xb2\x82\xd0\x9c", b"\xd0\xba\xe1\xb2\x82\xd0\xbc", b"\xd1\x83\xd0\x9a\xd0\x90\xd0\x97", b"\xd1\x83\xd0\x9a\xd0\x90\xd0\xb7", b"\xd1\x83\xd0\x9a\xd0\xb0\xd0\x97", b"\xd1\x83\xd0\x9a\xd0\xb0\xd0\xb7", b"\xd1\x83\xd0\xba\xd0\x90\xd0\x97", b"\xd1\x83\xd0\xba\xd0\x90\xd0\xb7", b"\xd1\x83\xd0\xba\xd0\xb0\xd0\x97", b"\xd1\x83\xd0\xba\xd0\xb0\xd0\xb7", b"\xd8\xaa\xd8\xac\xd8\xa7\xd9\x87\xd9\x84", b"\xeb\xaa\x85\xeb\xa0\xb9", b"\xec\xa7\x80\xec\x8b\x9c", b"\xec\xa7\x80\xec\xb9\xa8"], ids: &[789, 790, 791, 792, 793, 794, 795, 796, 797, 798, 799, 800, 801, 802, 813, 814, 815, 816, 821, 822, 823, 824, 891, 892, 893, 894, 895, 896, 897, 898, 899, 900, 901, 902, 903, 904, 915, 916, 917, 918, 923, 924, 925, 926, 934, 983, 989, 990] },
            Req { word_start: false, case: false, pre: 386, post: 341, lits: &[b"\xd0\x95\xd0\x94\xd0\xab", b"\xd0\x95\xd0\x94\xd1\x8b", b"\xd0\x95\xd0\x96\xd0\x9d\xd0\x98", b"\xd0\x95\xd0\x96\xd0\x9d\xd0\xb8", b"\xd0\x95\xd0\x96\xd0\xbd\xd0\x98", b"\xd0\x95\xd0\x96\xd0\xbd\xd0\xb8", b"\xd0\x95\xd0\xb4\xd0\xab", b"\xd0\x95\xd0\xb4\xd1\x8b", b"\xd0\x95\xd0\xb6\xd0\x9d\xd0\x98", b"\xd0\x95\xd0\xb6\xd0\x9d\xd0\xb8", b"\xd0\x95\xd0\xb6\xd0\xbd\xd0\x98", b"\xd0\x95\xd0\xb6\xd0\xbd\xd0\xb8", b"\xd0\x95\xe1\xb2\x81\xd0\xab", b"\xd0\x95\xe1\xb2\x81\xd1\x8b", b"\xd0\x9e\xd0\xa8\xd0\x9b", b"\xd0\x9e\xd0\xa8\xd0\xbb", b"\xd0\x9e\xd1\x88\xd0\x9b", b"\xd0\x9e\xd1\x88\xd0\xbb", b"\xd0\xa3\xd0\xae\xd0\xa9\xd0\x98", b"\xd0\xa3\xd0\xae\xd0\xa9\xd0\xb8", b"\xd0\xa3\xd0\xae\xd1\x89\xd0\x98", b"\xd0\xa3\xd0\xae\xd1\x89\xd0\xb8", b"\xd0\xa3\xd1\x8e\xd0\xa9\xd0\x98", b"\xd0\xa3\xd1\x8e\xd0\xa9\xd0\xb8", b"\xd0\xa3\xd1\x8e\xd1\x89\xd0\x98", b"\xd0\xa3\xd1\x8e\xd1\x89\xd0\xb8", b"\xd0\xb5\xd0\x94\xd0\xab", b"\xd0\xb5\xd0\x94\xd1\x8b", b"\xd0\xb5\xd0\x96\xd0\x9d\xd0\x98", b"\xd0\xb5\xd0\x96\xd0\x9d\xd0\xb8", b"\xd0\xb5\xd0\x96\xd0\xbd\xd0\x98", b"\xd0\xb5\xd0\x96\xd0\xbd\xd0\xb8", b"\xd0\xb5\xd0\xb4\xd0\xab", b"\xd0\xb5\xd0\xb4\xd1\x8b", b"\xd0\xb5\xd0\xb6\xd0\x9d\xd0\x98", b"\xd0\xb5\xd0\xb6\xd0\x9d\xd0\xb8", b"\xd0\xb5\xd0\xb6\xd0\xbd\xd0\x98", b"\xd0\xb5\xd0\xb6\xd0\xbd\xd0\xb8", b"\xd0\xb5\xe1\xb2\x81\xd0\xab", b"\xd0\xb5\xe1\xb2\x81\xd1\x8b", b"\xd0\xbe\xd0\xa8\xd0\x9b", b"\xd0\xbe\xd0\xa8\xd0\xbb", b"\xd0\xbe\xd1\x88\xd0\x9b", b"\xd0\xbe\xd1\x88\xd0\xbb", b"\xd1\x83\xd0\xae\xd0\xa9\xd0\x98", b"\xd1\x83\xd0\xae\xd0\xa9\xd0\xb8", b"\xd1\x83\xd0\xae\xd1\x89\xd0\x98", b"\xd1\x83\xd0\xae\xd1\x89\xd0\xb8", b"\xd1\x83\xd1\x8e\xd0\xa9\xd0\x98", b"\xd1\x83\xd1\x8e\xd0\xa9\xd0\xb8", b"\xd1\x83\xd1\x8e\xd1\x89\xd0\x98", b"\xd1\x83\xd1\x8e\xd1\x89\xd0\xb8", b"\xd8\xaa\xd8\xac\xd8\xa7\xd9\x87\xd9\x84", b"\xe1\xb2\x82\xd0\xa8\xd0\x9b", b"\xe1\xb2\x82\xd0\xa8\xd0\xbb", b"\xe1\xb2\x82\xd1\x88\xd0\x9b", b"\xe1\xb2\x82\xd1\x88\xd0\xbb", b"\xeb\xaa\x85\xeb\xa0\xb9", b"\xec\xa7\x80\xec\x8b\x9c", b"\xec\xa7\x80\xec\xb9\xa8"], ids: &[749, 750, 751, 752, 753, 754, 759, 760, 761, 762, 763, 764, 769, 770, 803, 804, 805, 806, 817, 818, 819, 820, 825, 826, 827, 828, 851, 852, 853, 854, 855, 856, 861, 862, 863, 864, 865, 866, 871, 872, 905, 906, 907, 908, 919, 920, 921, 922, 927, 928, 929, 930, 934, 937, 938, 939, 940, 983, 989, 990] },
        ],
    },
    // (?im-u)(?-u:\\b)(?:ignore|disregard|forget)\\s+(?:all\\s+)?(?:of\\s+)?(?:the\\s+|ever
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 3, post: 239, lits: &[b"disregard", b"forget", b"ignore"], ids: &[227, 283, 341] },
            Req { word_start: true, case: false, pre: 160, post: 84, lits: &[b"above", b"foregoing", b"preceding"], ids: &[47, 282, 507] },
        ],
    },
    // (?im-u)(?-u:\\b)(?:disregard|ignore|forget|cancel|drop)\\s+(?:the|your|this|any|al
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 5, post: 197, lits: &[b"cancel", b"disregard", b"drop", b"forget", b"ignore"], ids: &[130, 227, 234, 283, 341] },
            Req { word_start: true, case: false, pre: 197, post: 6, lits: &[b"assignment", b"prompt", b"query", b"question", b"request", b"task"], ids: &[97, 527, 546, 547, 565, 651] },
        ],
    },
    // (?im-u)(?-u:\\b)(?:prior|previous|original|earlier|current)\\s+(?:task|instruction
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 49, post: 157, lits: &[b"assignment", b"goal", b"instruction", b"objective", b"request", b"task"], ids: &[97, 307, 365, 447, 565, 651] },
            Req { word_start: true, case: false, pre: 44, post: 202, lits: &[b"current", b"earlier", b"goal", b"instruction", b"objective", b"original", b"previous", b"prior", b"task"], ids: &[189, 239, 307, 365, 447, 463, 513, 518, 651] },
        ],
    },
    // (?im-u)(?-u:\\b)(?:respond|reply|answer)\\s+only\\s+with(?-u:\\b)|(?-u:\\b)and\\s+noth
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 154, post: 122, lits: &[b"answer", b"confirm", b"messages", b"nothing", b"replies", b"reply", b"respond", b"response", b"rest"], ids: &[73, 165, 413, 436, 562, 563, 572, 573, 574] },
            Req { word_start: true, case: false, pre: 189, post: 82, lits: &[b"answer", b"chat", b"conversation", b"else", b"messages", b"receipt", b"replies", b"reply", b"respond", b"response", b"session"], ids: &[73, 137, 176, 244, 413, 553, 562, 563, 572, 573, 606] },
        ],
    },
    // (?im-u)(?-u:\\b)before\\s+(?:replying|answering|responding|summari[sz]ing|proceedi
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 4, post: 151, lits: &[b"before", b"decode", b"earlier", b"previously"], ids: &[116, 197, 239, 514] },
        ],
    },
    // (?im-u)(?-u:\\b)(?:send|e-?mail|forward|post|upload|share|concatenate|export|copy
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 623, post: 383, lits: &[b"at", b"to"], ids: &[102, 656] },
            Req { word_start: false, case: false, pre: 980, post: 41, lits: &[b"@", b"http://", b"https://", b"www."], ids: &[32, 329, 330, 721] },
        ],
    },
    // (?im-u)(?-u:\\b)(?:send|e-?mail|forward|post|upload|share)\\w*\\s+(?:the\\s+)?(?:con
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 236, post: 177, lits: &[b"at", b"to"], ids: &[102, 656] },
            Req { word_start: false, case: false, pre: 387, post: 41, lits: &[b"@", b"http://", b"https://", b"www."], ids: &[32, 329, 330, 721] },
        ],
    },
    // (?im-u)(?-u:\\b)(?:retrieve|retrive|get|list|find|fetch|download|access|search|ch
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 170, post: 1633, lits: &[b"account", b"addresses", b"contacts", b"genetic", b"history", b"holdings", b"medical", b"my", b"our", b"password", b"payees", b"payment", b"personal", b"prescriptions", b"records"], ids: &[50, 54, 171, 298, 324, 325, 408, 424, 468, 478, 482, 483, 488, 509, 557] },
            Req { word_start: false, case: false, pre: 637, post: 1156, lits: &[b"@"], ids: &[32] },
        ],
    },
    // (?im-u)(?-u:\\b)(?:share|send|e-?mail|forward|give)\\w*\\s+(?:\\w+\\s+){0,2}?(?:passw
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 3, post: 708, lits: &[b"e-mail", b"email", b"forward", b"give", b"send", b"share"], ids: &[238, 245, 284, 303, 603, 612] },
            Req { word_start: true, case: false, pre: 249, post: 475, lits: &[b"credential", b"my", b"password", b"user\'s", b"users"], ids: &[186, 424, 478, 688, 693] },
            Req { word_start: false, case: false, pre: 687, post: 44, lits: &[b"@", b"application", b"http://", b"https://"], ids: &[32, 84, 329, 330] },
        ],
    },
    // (?im-u)(?:^|[.!?:;,\"\'(\\[{]\\s*|(?-u:\\b)(?:first|then|also|now|and),?\\s+)(?:please
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 118, post: 550, lits: &[b"buy", b"change", b"create", b"delete", b"deposit", b"disable", b"dispatch", b"give", b"grant", b"initiate", b"leave", b"move", b"pay", b"redirect", b"remove", b"schedule", b"sell", b"share", b"transfer", b"unlock", b"update", b"withdraw"], ids: &[126, 134, 184, 198, 202, 221, 226, 303, 310, 357, 390, 422, 481, 558, 560, 593, 602, 612, 668, 679, 682, 716] },
        ],
    },
    // (?im-u)(?-u:\\b)(?:send|e-?mail|forward|share|mail)\\w*\\s+(?:this|that|these|those
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 3, post: 1806, lits: &[b"e-mail", b"email", b"forward", b"mail", b"send", b"share"], ids: &[238, 245, 284, 402, 603, 612] },
            Req { word_start: true, case: false, pre: 512, post: 1301, lits: &[b"address", b"at", b"e-mail", b"email", b"inbox"], ids: &[53, 102, 238, 245, 349] },
            Req { word_start: false, case: false, pre: 653, post: 1156, lits: &[b"@"], ids: &[32] },
        ],
    },
    // (?im-u)(?:^|[.!?:;,\"\'(\\[{]\\s*)(?:please|kindly|(?:can|could|would)\\s+you)\\s+(?:c
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 111, post: 321, lits: &[b"change", b"create", b"delete", b"disable", b"dispatch", b"give", b"grant", b"leave", b"move", b"redirect", b"remove", b"schedule", b"transfer", b"unlock", b"update"], ids: &[134, 184, 198, 221, 226, 303, 310, 390, 422, 558, 560, 593, 668, 679, 682] },
            Req { word_start: true, case: false, pre: 432, post: 47, lits: &[b"access", b"allowlist", b"blacklist", b"blocklist", b"channel", b"door", b"files", b"health", b"lock", b"password", b"permission", b"policies", b"policy", b"priority", b"settings", b"traffic", b"whitelist"], ids: &[49, 66, 120, 122, 136, 232, 276, 318, 398, 478, 486, 495, 496, 519, 609, 665, 711] },
        ],
    },
    // (?im-u)(?-u:\\b)(?:send|make|initiate|schedule|wire)\\s+(?:a\\s+|an\\s+)?(?:new\\s+|r
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 163, post: 245, lits: &[b"payment", b"transaction", b"transfer", b"wire"], ids: &[483, 667, 668, 714] },
            Req { word_start: true, case: false, pre: 4, post: 398, lits: &[b"initiate", b"make", b"schedule", b"send", b"wire"], ids: &[357, 405, 593, 603, 714] },
            Req { word_start: true, case: false, pre: 324, post: 76, lits: &[b"to"], ids: &[656] },
        ],
    },
    // (?im-u)(?-u:\\b)(?:following|below|subsequent|above)\\s+code\\s+(?:snippet|block|ex
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 176, post: 254, lits: &[b"above", b"below", b"following", b"subsequent"], ids: &[47, 117, 280, 634] },
            Req { word_start: true, case: false, pre: 254, post: 174, lits: &[b"block", b"excerpt", b"fragment", b"section", b"snippet"], ids: &[121, 262, 286, 599, 621] },
        ],
    },
    // (?im-u)(?:^|[.!?]\\s+)(?:please\\s+)?(?:(?:send|transfer|e-?mail|forward|post|tell
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 269, post: 195, lits: &[b"change", b"modify", b"reset", b"user"], ids: &[134, 420, 570, 687] },
            Req { word_start: true, case: false, pre: 234, post: 196, lits: &[b"change", b"modify", b"reset", b"the"], ids: &[134, 420, 570, 655] },
            Req { word_start: true, case: false, pre: 78, post: 235, lits: &[b"change", b"e-mail", b"email", b"forward", b"grant", b"invite", b"modify", b"post", b"reset", b"say", b"send", b"share", b"tell", b"transfer"], ids: &[134, 238, 245, 284, 310, 376, 420, 498, 570, 592, 603, 612, 652, 668] },
            Req { word_start: true, case: false, pre: 154, post: 236, lits: &[b"account", b"e-mail", b"email", b"forward", b"grant", b"iban", b"invite", b"password", b"phone", b"post", b"recipient", b"say", b"send", b"share", b"tell", b"transfer"], ids: &[50, 238, 245, 284, 310, 334, 376, 478, 489, 498, 554, 592, 603, 612, 652, 668] },
        ],
    },
    // (?im-u)(?-u:\\b)delete\\s+the\\s+(?:sent\\s+)?(?:e-?mails?|messages?)\\s+(?:you\\s+(?:
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 75, post: 261, lits: &[b"delete", b"tracks"], ids: &[198, 664] },
            Req { word_start: true, case: false, pre: 2, post: 263, lits: &[b"cover", b"delete", b"hide"], ids: &[181, 198, 323] },
            Req { word_start: true, case: false, pre: 116, post: 151, lits: &[b"cover", b"e-mail", b"email", b"hide", b"message"], ids: &[181, 238, 245, 323, 412] },
        ],
    },
    // (?im-u)(?-u:\\b)(?:call|invoke|use)\\s+(?:the\\s+)?`?[a-z0-9_]*(?:post|send|email|u
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 219, post: 1, lits: &[b"to", b"url"], ids: &[656, 685] },
        ],
    },
    // (?im-u)(?-u:\\b)(?:call|invoke|use|trigger)\\s+(?:the\\s+)?`?[a-z0-9]*(?:send|delet
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 4, post: 289, lits: &[b"call", b"invoke", b"trigger", b"use"], ids: &[129, 377, 671, 686] },
            Req { word_start: false, case: false, pre: 114, post: 180, lits: &[b"add", b"copy", b"create", b"delete", b"download", b"email", b"exec", b"fetch", b"get", b"grant", b"http", b"invite", b"move", b"pay", b"post", b"read", b"run", b"send", b"share", b"transfer", b"update", b"upload", b"write"], ids: &[52, 179, 184, 198, 233, 245, 264, 275, 300, 310, 328, 376, 422, 481, 498, 550, 588, 603, 612, 668, 682, 683, 720] },
            Req { word_start: true, case: false, pre: 257, post: 36, lits: &[b"arg", b"for", b"input", b"on", b"path", b"to", b"url", b"using", b"with"], ids: &[91, 281, 358, 452, 480, 656, 685, 694, 715] },
        ],
    },
    // (?im-u)(?-u:\\b)use\\s+the\\s+\\w+(?:\\s+\\w+)?\\s+tool\\s+to(?-u:\\b)
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 204, post: 35, lits: &[b"tool"], ids: &[658] },
            Req { word_start: true, case: false, pre: 241, post: 0, lits: &[b"to"], ids: &[656] },
        ],
    },
    // (?im-u)</?\\s*system(?:[_-]?(?:prompt|message|instructions?|override|notice))?\\s*
    Gate {
        reqs: &[
            Req { word_start: false, case: false, pre: 38, post: 50, lits: &[b"system"], ids: &[650] },
        ],
    },
    // (?im-u)\\[\\s*(?:system|admin|developer|security|official)\\s+(?:notice|message|ove
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 82, post: 40, lits: &[b"alert", b"instruction", b"message", b"notice", b"override", b"prompt", b"update"], ids: &[64, 365, 412, 437, 472, 527, 682] },
        ],
    },
    // (?m-u)(?-i)\\[(?:SYSTEM|System|INSTRUCTIONS?|ADMIN)\\]
    Gate {
        reqs: &[
            Req { word_start: false, case: false, pre: 7, post: 7, lits: &[b"[admin]", b"[instruction]", b"[instructions]", b"[system]"], ids: &[40, 42, 43, 44] },
        ],
    },
    // (?im-u)(?-u:\\b)(?:message|note|notice|instructions?|update)\\s+from\\s+(?:the\\s+)?
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 164, post: 8, lits: &[b"admin", b"anthropic", b"creator", b"developer", b"openai", b"operator", b"owner", b"provider", b"system"], ids: &[55, 76, 185, 211, 455, 456, 473, 528, 650] },
            Req { word_start: true, case: false, pre: 163, post: 49, lits: &[b"admin", b"anthropic", b"creator", b"developer", b"model", b"openai", b"operator", b"owner", b"system"], ids: &[55, 76, 185, 211, 419, 455, 456, 473, 650] },
            Req { word_start: true, case: false, pre: 45, post: 115, lits: &[b"from"], ids: &[287] },
            Req { word_start: true, case: false, pre: 8, post: 160, lits: &[b"instruction", b"message", b"note", b"notice", b"update"], ids: &[365, 412, 433, 437, 682] },
        ],
    },
    // (?m)(?-i)^(?:[ \\t]*\\d+(?:\\t|→|:\\s))?[\\s>]*system\\s*:\\s+[A-Z]
    Gate {
        reqs: &[
            Req { word_start: true, case: true, pre: 264, post: 197, lits: &[b"system"], ids: &[650] },
        ],
    },
    // (?m)(?-i)^(?:[ \\t]*\\d+(?:\\t|→|:\\s))?#{2,4}\\s*(?:Instruction|INSTRUCTION|System|S
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 274, post: 104, lits: &[b"human", b"instruction", b"system"], ids: &[331, 365, 650] },
        ],
    },
    // (?m)(?-i)^(?:[ \\t]*\\d+(?:\\t|→|:\\s))?[\\s>]*(?:SYSTEM|System)(?:\\s+(?:MESSAGE|PROM
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 264, post: 204, lits: &[b"system"], ids: &[650] },
        ],
    },
    // (?m)(?-i)^(?:[ \\t]*\\d+(?:\\t|→|:\\s))?[\\s>]*(?:Human|User|Assistant)\\s*:
    Gate {
        reqs: &[
            Req { word_start: true, case: true, pre: 269, post: 102, lits: &[b"Assistant", b"Human", b"User"], ids: &[98, 331, 687] },
        ],
    },
    // (?im-u)</?\\s*(?:information|important|instructions?|admin|user_instructions|hidd
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 46, post: 45, lits: &[b"admin", b"hidden", b"important", b"information", b"instruction", b"secret", b"user_instructions"], ids: &[55, 322, 346, 355, 365, 597, 691] },
        ],
    },
    // (?im-u)</?(?:tool_output|tool_result|function_results|untrusted(?:_content)?|doc
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 157, post: 53, lits: &[b"context>", b"document>", b"external_content>", b"function_results>", b"input", b"output", b"search_results>", b"tool_output>", b"tool_result>", b"untrusted", b"user_input>"], ids: &[174, 231, 270, 291, 358, 469, 596, 660, 662, 681, 690] },
            Req { word_start: true, case: false, pre: 121, post: 53, lits: &[b"context", b"document", b"external_content", b"function_results", b"input", b"search_results", b"tool", b"untrusted", b"user_input"], ids: &[173, 230, 269, 290, 358, 595, 658, 681, 689] },
            Req { word_start: true, case: false, pre: 16, post: 157, lits: &[b"context", b"document", b"end", b"external_content", b"function_results", b"search_results", b"tool_output", b"tool_result", b"untrusted", b"user_input"], ids: &[173, 230, 247, 269, 290, 595, 659, 661, 681, 689] },
        ],
    },
    // (?im-u)<\\|(?:im_start|im_end|im_sep|endoftext|system|user|assistant|end|eot_id|b
    Gate {
        reqs: &[
            Req { word_start: false, case: false, pre: 13, post: 13, lits: &[b"<</sys>>", b"<<sys>>", b"<end_of_turn>", b"<start_of_turn>", b"<|assistant|>", b"<|begin_of_text|>", b"<|end_header_id|>", b"<|endoftext|>", b"<|end|>", b"<|eom_id|>", b"<|eot_id|>", b"<|im_end|>", b"<|im_sep|>", b"<|im_start|>", b"<|start_header_id|>", b"<|system|>", b"<|tool_call|>", b"<|tool_response|>", b"<|user|>", b"[/inst]", b"[inst]"], ids: &[13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 39, 41] },
        ],
    },
    // (?im-u)(?-u:\\b)(?:do\\s+not|don\'t|dont|never|without)\\s+(?:mention(?:ing)?|tell(?
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 78, post: 381, lits: &[b"alert", b"disclose", b"disclosing", b"inform", b"let", b"mention", b"notify", b"reveal", b"show", b"tell"], ids: &[64, 224, 225, 354, 391, 410, 440, 576, 614, 652] },
            Req { word_start: true, case: false, pre: 5, post: 455, lits: &[b"do", b"never", b"without"], ids: &[228, 430, 718] },
        ],
    },
    // (?im-u)(?-u:\\b)(?:do\\s+not|don\'t|never)\\s+(?:mention|reveal|disclose|show|cite|r
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 76, post: 153, lits: &[b"cite", b"comment", b"disclose", b"flag", b"log", b"mention", b"record", b"report", b"reveal", b"show", b"surface"], ids: &[145, 156, 224, 278, 399, 410, 556, 564, 576, 614, 647] },
            Req { word_start: true, case: false, pre: 3, post: 226, lits: &[b"do", b"never"], ids: &[228, 430] },
            Req { word_start: true, case: false, pre: 117, post: 119, lits: &[b"cite", b"disclose", b"flag", b"log", b"mention", b"on", b"record", b"report", b"reveal", b"show", b"surface"], ids: &[145, 224, 278, 399, 410, 452, 556, 564, 576, 614, 647] },
        ],
    },
    // (?im-u)(?-u:\\b)keep\\s+(?:this|it|that)\\s+(?:out\\s+of|secret|hidden|from)(?-u:\\b)
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 116, post: 120, lits: &[b"could", b"inform", b"keep", b"mention", b"tell", b"without"], ids: &[180, 354, 386, 410, 652, 718] },
            Req { word_start: true, case: false, pre: 5, post: 123, lits: &[b"could", b"keep", b"no", b"without"], ids: &[180, 386, 431, 718] },
        ],
    },
    // (?im-u)(?-u:\\b)the\\s+user\\s+(?:has\\s+)?(?:already\\s+)?(?:approved|agreed|authori
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 154, post: 47, lits: &[b"agreed", b"approved", b"asked", b"authorised", b"authorized", b"configured", b"confirmed", b"consented", b"expect"], ids: &[60, 88, 95, 106, 107, 164, 166, 167, 266] },
        ],
    },
    // (?im-u)(?-u:\\b)(?:tell|inform|assure|reassure)\\s+(?:the\\s+user|them|your\\s+user)
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 4, post: 183, lits: &[b"assure", b"inform", b"mark", b"rate", b"reassure", b"report", b"respond", b"state", b"tell"], ids: &[101, 354, 406, 549, 552, 564, 572, 631, 652] },
        ],
    },
    // (?im)(?-u:\\b)without\\s+(?:asking|prompting|confirm\\w*|approval|review|involving|
    Gate {
        reqs: &[
            Req { word_start: false, case: false, pre: 218, post: 240, lits: &[b"ask", b"aspettare", b"attendre", b"check", b"chiedere", b"consult", b"demander", b"esperar", b"fragen", b"needed", b"perguntar", b"prompt", b"wait", b"warten", b"without", b"\xd8\xb3\xd8\xa4\xd8\xa7\xd9\x84"], ids: &[94, 96, 103, 140, 141, 170, 200, 257, 285, 427, 485, 527, 707, 708, 718, 935] },
        ],
    },
    // (?im-u)(?-u:\\b)pre-?approved(?-u:\\b)|(?-u:\\b)already\\s+(?:been\\s+)?(?:approved|a
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 165, post: 92, lits: &[b"agreed", b"already", b"approved", b"asked", b"authorised", b"authorized", b"cleared", b"consented", b"expected", b"permitted", b"policy", b"pre-approved", b"preapproved", b"requested", b"required", b"routine", b"safe", b"standard", b"vendor supported", b"vendor-supported"], ids: &[60, 67, 88, 95, 106, 107, 149, 167, 267, 487, 496, 502, 503, 566, 569, 585, 589, 628, 696, 697] },
        ],
    },
    // (?m-u)(?-i)(?-u:\\b)IMPORTANT!{2,}|(?-u:\\b)(?:URGENT|IMMEDIATELY)(?-u:\\b)|(?-u:\\b
    Gate {
        reqs: &[
            Req { word_start: true, case: true, pre: 78, post: 112, lits: &[b"IMMEDIATELY", b"IMPORTANT", b"URGENT", b"right", b"suspended", b"terminated", b"within"], ids: &[345, 346, 684, 579, 648, 653, 717] },
            Req { word_start: true, case: true, pre: 112, post: 41, lits: &[b"IMMEDIATELY", b"IMPORTANT", b"URGENT", b"away", b"hours", b"minutes", b"suspended", b"terminated"], ids: &[345, 346, 684, 111, 327, 415, 648, 653] },
        ],
    },
    // (?im-u)(?-u:\\b)(?:curl|wget)\\s[^\\n|]{0,200}\\|\\s*(?:sudo\\s+)?(?:ba|z|da|k)?sh(?-u
    Gate {
        reqs: &[
            Req { word_start: false, case: false, pre: 140, post: 2174, lits: &[b"--hard", b"--no-verify", b"-auto-approve", b"/dev/tcp/", b"169.254.169.254", b"api", b"chmod", b"clean", b"clusterrolebinding", b"curl", b"metadata.google.internal", b"nc", b"publish", b"push", b"rm", b"sudo", b"token", b"wget"], ids: &[3, 4, 5, 10, 12, 81, 142, 148, 150, 188, 414, 425, 537, 541, 582, 635, 657, 709] },
        ],
    },
    // (?im-u)(?-u:\\b)requests\\.post\\(|(?-u:\\b)socket\\.socket\\(|\\.sendall\\(|(?-u:\\b)get
    Gate {
        reqs: &[
            Req { word_start: false, case: false, pre: 51, post: 51, lits: &[b").encrypt(", b".sendall(", b"getpass.getuser(", b"imagegrab.grab(", b"os.system(", b"pbpaste", b"platform.node()", b"platform.system()", b"platform.version()", b"pyautogui.screenshot(", b"pynput", b"requests.post(", b"shutil.rmtree(", b"socket.socket(", b"ssh"], ids: &[2, 9, 301, 344, 465, 484, 491, 492, 493, 542, 543, 568, 615, 622, 625] },
        ],
    },
    // (?im-u)(?-u:\\b)(?:pip|pip3|npm|pnpm|yarn|gem|cargo|go)\\s+(?:install|add|i)\\s+[\\w
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 42, post: 79, lits: &[b"cargo", b"gem", b"go", b"install", b"npm", b"npx", b"pip", b"pnpm", b"python", b"yarn"], ids: &[132, 294, 306, 360, 442, 444, 490, 494, 545, 722] },
        ],
    },
    // (?im-u)(?:~|\\$HOME)/\\.(?:ssh|aws|gnupg|kube|docker|npmrc|pypirc|netrc|git-creden
    Gate {
        reqs: &[
            Req { word_start: false, case: false, pre: 74, post: 57, lits: &[b"$home/.", b".aws/credentials", b"api_key", b"authorized_keys", b"curl", b"id_dsa", b"id_ecdsa", b"id_ed25519", b"id_rsa", b"os.environ", b"password", b"printenv", b"secret", b"security-credentials", b"sk-", b"token", b"~/."], ids: &[1, 6, 82, 108, 188, 335, 336, 337, 338, 464, 478, 517, 597, 601, 618, 657, 724] },
            Req { word_start: false, case: false, pre: 51, post: 74, lits: &[b"api_key", b"authorized_keys", b"aws", b"claude", b"config/gh", b"cursor", b"docker", b"env", b"git-credentials", b"gnupg", b"id_dsa", b"id_ecdsa", b"id_ed25519", b"id_rsa", b"kaggle", b"kube", b"netrc", b"npmrc", b"password", b"pypirc", b"secret", b"security-credentials", b"sk-", b"ssh", b"token"], ids: &[82, 108, 112, 147, 163, 190, 229, 249, 302, 305, 335, 336, 337, 338, 384, 388, 429, 443, 478, 544, 597, 601, 618, 625, 657] },
            Req { word_start: false, case: false, pre: 26, post: 74, lits: &[b"$", b"authorized_keys", b"aws", b"claude", b"config/gh", b"cursor", b"docker", b"dsa", b"ed25519", b"env", b"git-credentials", b"gnupg", b"kaggle", b"kube", b"netrc", b"npmrc", b"pypirc", b"rsa", b"security-credentials", b"sk-", b"ssh"], ids: &[0, 108, 112, 147, 163, 190, 229, 235, 240, 249, 302, 305, 384, 388, 429, 443, 544, 586, 601, 618, 625] },
        ],
    },
    // (?im-u)(?-u:\\b)(?:send|post|upload|e-?mail|forward|paste|share|exfiltrate|leak|t
    Gate {
        reqs: &[
            Req { word_start: false, case: false, pre: 150, post: 48, lits: &[b".env", b".npmrc", b"account", b"api", b"cookie", b"credential", b"credit", b"details", b"id_ed25519", b"id_rsa", b"kaggle.json", b"mcp.json", b"password", b"payment", b"personal", b"private", b"prompt", b"secret", b"security", b"ssh", b"ssn", b"token", b"variable"], ids: &[7, 8, 50, 81, 177, 186, 187, 209, 337, 338, 385, 407, 478, 483, 488, 520, 527, 597, 600, 625, 627, 657, 695] },
        ],
    },
    // (?im-u)(?-u:\\b)(?:send|post|upload|email|e-mail|forward|paste|share|transmit|sub
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 150, post: 279, lits: &[b"at", b"bcc", b"comment", b"in", b"on", b"parameter", b"paste", b"public", b"to"], ids: &[102, 114, 156, 348, 452, 476, 479, 535, 656] },
        ],
    },
    // (?im-u)(?-u:\\b)permissions?\\.allow(?-u:\\b)|Bash\\(\\*\\)|(?-u:\\b)allow\\s*list(?-u:\\
    Gate {
        reqs: &[
            Req { word_start: false, case: false, pre: 94, post: 94, lits: &[b"0.0.0.0", b"actions", b"admin", b"allow", b"auth.enabled", b"bash(*)", b"bypasspermissions", b"dangerously-skip-permissions", b"deletion_protection", b"details", b"host_auth_method", b"iban", b"node_tls_reject_unauthorized", b"posttooluse", b"pretooluse", b"pull_request_target", b"secrets:", b"sessionstart", b"settings.json", b"skip_final_snapshot", b"trusted", b"userpromptsubmit", b"verify"], ids: &[11, 51, 55, 65, 105, 113, 128, 192, 199, 209, 326, 334, 432, 499, 511, 539, 598, 607, 610, 620, 675, 692, 700] },
        ],
    },
    // (?im-u)(?-u:\\b)(?:disable|turn\\s+off|remove|bypass|skip|deactivate|suppress)\\s+(
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 143, post: 257, lits: &[b"admin", b"bypass", b"change", b"collaborator", b"deactivate", b"disable", b"maintainer", b"owner", b"remove", b"reset", b"root", b"skip", b"superuser", b"suppress", b"true", b"turn"], ids: &[55, 127, 134, 154, 193, 221, 403, 473, 560, 570, 583, 619, 644, 645, 672, 676] },
        ],
    },
    // (?im-u)(?-u:\\b)(?:delete|remove|drop|wipe|destroy)_\\w+|(?-u:\\b)(?:delete|remove|
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 117, post: 1529, lits: &[b"approve", b"delete", b"deploy", b"destroy", b"directly", b"drop", b"erase", b"every", b"merge", b"paid", b"production", b"publish", b"purge", b"remove", b"squash-merge", b"star", b"truncate", b"wipe"], ids: &[87, 198, 201, 208, 220, 234, 255, 261, 411, 474, 524, 537, 540, 560, 624, 629, 673, 713] },
        ],
    },
    // (?im)(?:^(?:[ \\t]*\\d+(?:\\t|→|:\\s))?[\\s#/*>\\-]*|[:.;!]\\s+|(?-u:\\b)(?:please|must|
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 269, post: 5, lits: &[b"add", b"append", b"approve", b"call", b"change", b"commit", b"copy", b"create", b"delete", b"deploy", b"disable", b"download", b"email", b"enable", b"execute", b"expose", b"fetch", b"forward", b"grant", b"hardcode", b"include", b"insert", b"install", b"merge", b"modify", b"move", b"open", b"output", b"paste", b"post", b"print", b"publish", b"push", b"read", b"remove", b"replace", b"reply", b"reset", b"respond", b"rotate", b"run", b"say", b"send", b"set", b"star", b"store", b"suppress", b"switch", b"tell", b"update", b"upload", b"use", b"verify", b"visit", b"write"], ids: &[52, 83, 87, 129, 134, 157, 179, 184, 198, 201, 221, 233, 245, 246, 265, 268, 275, 284, 310, 316, 350, 359, 360, 411, 420, 422, 454, 469, 479, 498, 516, 537, 541, 550, 560, 561, 563, 570, 572, 584, 588, 592, 603, 608, 629, 632, 645, 649, 652, 682, 683, 686, 700, 702, 720] },
        ],
    },
    // (?im)(?-u:\\b)(?:aprueba|desactiva|elimina|borra|ejecuta|envía|envia|haz\\s+merge|
    Gate {
        reqs: &[
            Req { word_start: true, case: false, pre: 107, post: 6, lits: &[b"apague", b"approuve", b"approva", b"aprove", b"aprueba", b"borra", b"cancella", b"deaktiviere", b"desactiva", b"desative", b"disattiva", b"d\xc3\x89sactive", b"d\xc3\xa9sactive", b"ejecuta", b"elimina", b"envia", b"envie", b"envoie", b"env\xc3\x8da", b"env\xc3\xada", b"esegui", b"exclua", b"ex\xc3\x89cute", b"ex\xc3\xa9cute", b"fusiona", b"genehmige", b"invia", b"l\xc3\x96sche", b"l\xc3\xb6sche", b"merge", b"publica", b"sende", b"supprime"], ids: &[80, 85, 86, 89, 90, 123, 131, 194, 203, 204, 222, 236, 237, 242, 243, 250, 251, 252, 253, 254, 256, 263, 271, 272, 292, 296, 375, 400, 401, 411, 536, 604, 646] },
            Req { word_start: true, case: false, pre: 8, post: 107, lits: &[b"apague", b"approuve", b"approva", b"aprove", b"aprueba", b"borra", b"cancella", b"deaktiviere", b"desactiva", b"desative", b"disattiva", b"d\xc3\x89sactive", b"d\xc3\xa9sactive", b"ejecuta", b"elimina", b"envia", b"envie", b"envoie", b"env\xc3\x8da", b"env\xc3\xada", b"esegui", b"exclua", b"ex\xc3\x89cute", b"ex\xc3\xa9cute", b"fusiona", b"genehmige", b"haz", b"invia", b"l\xc3\x96sche", b"l\xc3\xb6sche", b"publica", b"sende", b"supprime"], ids: &[80, 85, 86, 89, 90, 123, 131, 194, 203, 204, 222, 236, 237, 242, 243, 250, 251, 252, 253, 254, 256, 263, 271, 272, 292, 296, 317, 375, 400, 401, 536, 604, 646] },
        ],
    },
];
