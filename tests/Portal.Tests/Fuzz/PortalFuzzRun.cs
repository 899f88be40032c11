using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Portal.Tests.Fuzz;

/// <summary>What one fuzz run sent and found.</summary>
public sealed record PortalFuzzReport(int Seed, int Pages, int Handlers, int Requests, TimeSpan Took,
    IReadOnlyDictionary<int, int> ByStatus, IReadOnlyList<string> Failures, IReadOnlyList<string> PagesNotReached,
    IReadOnlyList<string> HandlersNotReached)
{
    public string Summary =>
        $"Portal fuzz: seed {Seed}, {Pages} pages, {Handlers} handlers, {Requests} requests in {Took.TotalSeconds:0} s, " +
        $"{Failures.Count} failures; statuses {string.Join(", ", ByStatus.OrderBy(s => s.Key).Select(s => $"{s.Key}x{s.Value}"))}";
}

/// <summary>
/// Visits every page of the portal as each role, first as a person would (the page, its links, its forms as rendered),
/// then with hostile query strings, route values and handler names, and posts every form handler with hostile field
/// values (the antiforgery token and real field names read from the rendered form). Every answer is checked: no 5xx,
/// no exception logged by the portal or the services behind it, no stack trace or exception type in the page, and no
/// markup from the input reflected unencoded.
/// </summary>
/// <param name="starts">Paths each role opens first, as a person would (a search with results), for the links they give.</param>
public sealed partial class PortalFuzzRun(IReadOnlyList<PortalRoute> pages, int seed, int getsPerPage, int postsPerHandler,
    IReadOnlyList<string> starts, PortalFuzzSystem system)
{
    private static readonly string[] QueryNames = ["handler", "returnUrl", "id", "page", "q", "status", "since"];
    private readonly List<string> _failures = [];
    private readonly SortedDictionary<int, int> _byStatus = [];
    private readonly HashSet<string> _pagesReached = [];
    private readonly HashSet<string> _handlersReached = [];
    /// <summary>The statuses each handler answered, to say why one was not reached.</summary>
    private readonly Dictionary<string, SortedSet<int>> _statuses = [];
    /// <summary>Route values found in links and form actions, per page template, with the role that found them.</summary>
    private readonly Dictionary<string, List<(string Role, Dictionary<string, string> Values)>> _found = [];
    private int _requests;

    public static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) ? value : fallback;

    public async Task<PortalFuzzReport> RunAsync(IEnumerable<PortalVisitor> visitors)
    {
        var clock = Stopwatch.StartNew();
        foreach (var visitor in visitors)
        {
            using var _ = visitor;
            await visitor.SignInAsync();
            foreach (var start in starts)
            {
                var page = pages.First(p => p.Match(start.Split('?')[0]) is not null);
                if (await SendAsync(visitor, page, new PageHandler("GET", null), "good", HttpMethod.Get, start.TrimStart('/'), null) is { Text: { } html })
                    Learn(visitor.Role, HtmlForms.Read(html, new Uri(visitor.BaseUrl, start)).Links);
            }
            var remaining = pages.ToList();
            while (remaining.Count > 0)
            {
                // Pages without route values first (their links give the others theirs), then those whose values are known.
                var page = remaining.FirstOrDefault(p => !p.RequiredValues.Any())
                           ?? remaining.FirstOrDefault(p => ValuesFor(p, visitor.Role) is not null) ?? remaining[0];
                remaining.Remove(page);
                await FuzzPageAsync(visitor, page, ValuesFor(page, visitor.Role) ?? Invented(page));
            }
        }
        var handlers = pages.SelectMany(p => p.Handlers.Select(h => HandlerKey(p, h))).ToList();
        return new PortalFuzzReport(seed, pages.Count, handlers.Count, _requests, clock.Elapsed, _byStatus, _failures,
            pages.Select(p => p.Template).Where(t => !_pagesReached.Contains(t)).ToList(),
            handlers.Where(h => !_handlersReached.Contains(h))
                .Select(h => $"{h} ({string.Join(" ", _statuses.GetValueOrDefault(h) ?? [])})").ToList());
    }

    private async Task FuzzPageAsync(PortalVisitor visitor, PortalRoute page, Dictionary<string, string> values)
    {
        var input = new HostileInput(seed, $"{visitor.Role} {page.Template}");
        var path = page.Fill(values);
        var getHandler = new PageHandler("GET", null);
        var good = await SendAsync(visitor, page, getHandler, "good", HttpMethod.Get, path, null);
        if (good is null) return;
        // A not-found page still carries the layout's sign-out form, whose token the handlers' invented forms use.
        var (forms, links) = good is { MediaType: "text/html", Text: { } html } ? HtmlForms.Read(html, new Uri(visitor.BaseUrl, path)) : ([], []);
        Learn(visitor.Role, links.Concat(forms.Select(f => f.Action)));
        var allowed = !IsRefused(good);

        for (var i = 0; i < (allowed ? getsPerPage : 2); i++)
        {
            var (kind, target) = HostileGet(input, page, path, values, forms);
            await SendAsync(visitor, page, getHandler, kind, HttpMethod.Get, target, null);
        }
        foreach (var handler in page.Handlers.Where(h => h is { Method: "GET", Name: not null }))
        {
            var handlerPath = WithHandler(page, values, handler.Name!);
            await SendAsync(visitor, page, handler, "good", HttpMethod.Get, handlerPath, null);
            for (var i = 0; i < (allowed ? 2 : 1); i++)
                await SendAsync(visitor, page, handler, "query", HttpMethod.Get, WithQuery(handlerPath, HostileQuery(input, page, forms)), null);
        }
        foreach (var handler in page.Handlers.Where(h => h.Method == "POST"))
        {
            var targets = forms.Where(f => f.Method == "POST" && HandlerOf(page, f.Action) is var name
                                           && string.Equals(name, handler.Name, StringComparison.OrdinalIgnoreCase)
                                           && page.Match(f.Action.AbsolutePath) is not null).ToList();
            if (targets.Count == 0) targets.Add(Invented(page, values, handler, forms));
            for (var i = 0; i < (allowed ? postsPerHandler : 1); i++)
            {
                var target = targets[i % targets.Count];
                var (kind, body) = i == 0 ? ("post-good", Encode(target.Fields.Select(f => (f.Name, HostileInput.Escape(f.Value)))))
                    : HostilePost(input, page, target);
                await SendAsync(visitor, page, handler, kind, HttpMethod.Post, target.Action.PathAndQuery, body);
                if (visitor.LostSession) await visitor.SignInAsync();
            }
        }
    }

    private async Task<PortalAnswer?> SendAsync(PortalVisitor visitor, PortalRoute page, PageHandler handler, string kind,
        HttpMethod method, string target, string? body)
    {
        _requests++;
        system.PortalErrors.Drain();
        system.ApiErrors.Drain();
        system.Refusals.Drain();
        var what = $"{visitor.Role} {method} {Shorten(target)}{(body is null ? "" : " body " + Shorten(body))} [{page.Template} {handler}, {kind}]";
        PortalAnswer answer;
        try
        {
            answer = await visitor.SendAsync(method, target, body);
        }
        catch (Exception e)
        {
            _failures.Add($"{what} -> threw {e.GetType().Name}: {e.Message}");
            return null;
        }
        _byStatus[answer.Status] = _byStatus.GetValueOrDefault(answer.Status) + 1;
        (_statuses.TryGetValue(HandlerKey(page, handler), out var seen) ? seen : _statuses[HandlerKey(page, handler)] = []).Add(answer.Status);
        var logged = system.PortalErrors.Drain().Select(e => "portal: " + e).Concat(system.ApiErrors.Drain().Select(e => "api: " + e)).ToList();
        var refusals = system.Refusals.Drain();
        if (answer.Status >= 500 || logged.Count > 0)
            _failures.Add($"{what} -> {answer.Status}: {(logged.Count > 0 ? string.Join(" | ", logged) : Shorten(answer.Text ?? ""))}");
        if (answer.Text is { } text)
        {
            if (Leak().Match(text) is { Success: true } leak)
                _failures.Add($"{what} -> {answer.Status} shows \"{leak.Value}\"");
            // A service's refusal (problem+json) reaches the person as the error summary or a notice, never as nothing.
            if (answer.Status == 200 && answer.MediaType == "text/html" && refusals.Count > 0
                && !text.Contains("nhsuk-error-summary", StringComparison.Ordinal) && !text.Contains("nhsuk-warning-callout", StringComparison.Ordinal))
                _failures.Add($"{what} -> 200 without a message, though {string.Join(", ", refusals.Select(r => r.What))}");
            foreach (var marker in HostileInput.ReflectionMarkers.Where(m => text.Contains(m, StringComparison.OrdinalIgnoreCase)))
                _failures.Add($"{what} -> {answer.Status} reflects \"{marker}\" unencoded");
        }
        if (!IsRefused(answer) && kind is not ("route" or "handler"))
        {
            _pagesReached.Add(page.Template);
            _handlersReached.Add(HandlerKey(page, handler));
        }
        return answer;
    }

    /// <summary>Not past the door: sent to sign in, refused the role, the antiforgery check, or the rate limit.</summary>
    private static bool IsRefused(PortalAnswer answer) =>
        answer.Status is 400 or 401 or 403 or 405 or 429
        || (answer.Status is >= 300 and < 400 && answer.Location is { } to
            && (to.Contains("/account/sign-in", StringComparison.Ordinal) || to.Contains("/account/access-denied", StringComparison.Ordinal)));

    private (string Kind, string Target) HostileGet(HostileInput input, PortalRoute page, string path,
        Dictionary<string, string> values, List<FormTarget> forms)
    {
        switch (input.Next(10))
        {
            case < 2 when values.Count > 0:
                var changed = new Dictionary<string, string>(values) { [input.Pick(values.Keys.ToList())] = HostileSegment(input) };
                return ("route", page.Fill(changed));
            case 2:
                var name = input.Next(3) == 0 ? input.Encoded()
                    : input.Pick(page.Handlers.Where(h => h.Name is not null).Select(h => h.Name!).DefaultIfEmpty("nope").ToList());
                return ("handler", page.HasHandlerSegment && input.Next(2) == 0
                    ? page.Fill(values, name)
                    : WithQuery(path, "handler=" + name));
            default:
                return ("query", WithQuery(path, HostileQuery(input, page, forms)));
        }
    }

    private static string HostileSegment(HostileInput input) => input.Next(4) switch
    {
        0 => "not-a-guid",
        1 => Guid.Empty.ToString(),
        2 => Guid.NewGuid().ToString(),
        _ => input.Encoded(),
    };

    /// <summary>One to three of the names the page binds (or its GET forms send, or any page might read), duplicates included.</summary>
    private static string HostileQuery(HostileInput input, PortalRoute page, List<FormTarget> forms)
    {
        var names = page.BindingNames.Concat(forms.Where(f => f.Method == "GET").SelectMany(f => f.Fields.Select(x => x.Name)))
            .Concat(QueryNames).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var pairs = new List<string>();
        for (var i = 0; i <= input.Next(3); i++)
        {
            var name = input.Pick(names);
            pairs.Add($"{HostileInput.Escape(name)}={input.Encoded()}");
            if (input.Next(5) == 0) pairs.Add($"{HostileInput.Escape(name)}={input.Encoded()}");
        }
        return string.Join('&', pairs);
    }

    private static (string Kind, string Body) HostilePost(HostileInput input, PortalRoute page, FormTarget target)
    {
        var fields = target.Fields.Select(f => (f.Name, Value: HostileInput.Escape(f.Value))).ToList();
        var editable = fields.Where(f => f.Name != FormTarget.Antiforgery).Select(f => f.Name).ToList();
        string kind;
        switch (editable.Count == 0 ? 9 : input.Next(12))
        {
            case < 3:
                kind = "post-all";
                var visible = target.Fields.Where(f => !f.Hidden).Select(f => f.Name).ToHashSet();
                fields = fields.Select(f => visible.Contains(f.Name) ? (f.Name, input.EncodedForBody()) : f).ToList();
                break;
            case < 7:
                kind = "post-one";
                var one = input.Pick(editable);
                fields = fields.Select(f => f.Name == one ? (f.Name, input.EncodedForBody()) : f).ToList();
                break;
            case 7:
                kind = "post-duplicate";
                fields.Add((input.Pick(editable), input.Encoded()));
                break;
            case 8:
                kind = "post-missing";
                var gone = input.Pick(editable);
                fields.RemoveAll(f => f.Name == gone);
                break;
            case < 11:
                kind = "post-extra";
                foreach (var name in page.BindingNames.Concat(QueryNames).Where(n => fields.All(f => !string.Equals(f.Name, n, StringComparison.OrdinalIgnoreCase))))
                    if (input.Next(2) == 0) fields.Add((name, input.Encoded()));
                fields.Add(("unexpected" + input.Next(100), input.Encoded()));
                break;
            default:
                kind = "post-token";
                fields = fields.Select(f => f.Name == FormTarget.Antiforgery ? (f.Name, input.Encoded()) : f).ToList();
                break;
        }
        return (kind, Encode(fields));
    }

    private static string Encode(IEnumerable<(string Name, string Value)> fields) =>
        string.Join('&', fields.Select(f => $"{HostileInput.Escape(f.Name)}={f.Value}"));

    /// <summary>A POST handler no rendered form reaches (for this role, now): its names bound from the page model, with a token from the page.</summary>
    private static FormTarget Invented(PortalRoute page, Dictionary<string, string> values, PageHandler handler, List<FormTarget> forms)
    {
        var token = forms.SelectMany(f => f.Fields).FirstOrDefault(f => f.Name == FormTarget.Antiforgery);
        var fields = page.BindingNames.Select(n => new FormField(n, "", [], false)).ToList();
        if (token is not null) fields.Insert(0, token);
        var path = handler.Name is null ? page.Fill(values) : WithHandler(page, values, handler.Name);
        return new FormTarget("POST", new Uri(new Uri("http://portal/"), path), fields);
    }

    private static Dictionary<string, string> Invented(PortalRoute page) =>
        page.RequiredValues.ToDictionary(p => p.Name,
            p => p.ParameterPolicies.Any(x => x.Content == "guid") ? Guid.NewGuid().ToString() : "fuzz-" + p.Name);

    private Dictionary<string, string>? ValuesFor(PortalRoute page, string role) =>
        !page.RequiredValues.Any() ? [] :
        _found.TryGetValue(page.Template, out var found)
            ? (found.FirstOrDefault(f => f.Role == role).Values ?? found[0].Values)
            : null;

    private void Learn(string role, IEnumerable<Uri> uris)
    {
        foreach (var uri in uris)
        foreach (var page in pages.Where(p => p.RequiredValues.Any()))
            if (page.Match(uri.AbsolutePath) is { } values)
            {
                var known = _found.TryGetValue(page.Template, out var list) ? list : _found[page.Template] = [];
                if (!known.Any(k => k.Role == role)) known.Add((role, values));
            }
    }

    private static string? HandlerOf(PortalRoute page, Uri action)
    {
        var query = action.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2))
            .FirstOrDefault(p => p[0].Equals("handler", StringComparison.OrdinalIgnoreCase));
        if (query is { Length: 2 }) return Uri.UnescapeDataString(query[1]);
        if (!page.HasHandlerSegment || page.Match(action.AbsolutePath) is not { } values) return null;
        var bare = page.Fill(values).TrimStart('/');
        var path = action.AbsolutePath.TrimStart('/');
        return path.Length > bare.Length ? path[(bare.Length + 1)..] : null;
    }

    private static string WithHandler(PortalRoute page, Dictionary<string, string> values, string handler) =>
        page.HasHandlerSegment ? page.Fill(values, handler.ToLowerInvariant()) : WithQuery(page.Fill(values), "handler=" + handler);

    private static string WithQuery(string path, string query) => path + (path.Contains('?') ? "&" : "?") + query;

    private static string HandlerKey(PortalRoute page, PageHandler handler) => $"{page.Template} {handler.Key}";

    private static string Shorten(string text) => text.Length <= 160 ? text : text[..160] + $"...({text.Length} chars)";

    /// <summary>What a page must never show: a .NET exception's type, a stack frame, a framework namespace.</summary>
    [GeneratedRegex(@"\b[A-Z]\w*Exception\b|\bat (System|Microsoft|Portal|Directory|Referrals|Feedback|BuildingBlocks)\.\w+|\b(System|Microsoft)\.(Private|Runtime|AspNetCore|EntityFrameworkCore|Data|Text\.Json)\b|--- End of (inner exception|stack trace)")]
    private static partial Regex Leak();
}
