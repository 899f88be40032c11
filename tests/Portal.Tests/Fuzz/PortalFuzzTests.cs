using AngleSharp.Html.Parser;
using Portal.Identity;
using Xunit.Abstractions;

namespace Portal.Tests.Fuzz;

/// <summary>
/// "No 500 from anything a person can type", proven from the outside: every page and handler of the running portal,
/// as every role that can sign in, with hostile query strings, route values, handler names and form fields.
/// FUZZ_SEED repeats a run; FUZZ_GETS_PER_PAGE and FUZZ_POSTS_PER_HANDLER bound it.
/// </summary>
[Collection(PortalFuzzCollection.Name)]
public sealed class PortalFuzzTests(PortalFuzzSystem system, ITestOutputHelper output)
{
    /// <summary>Pages no role can reach from the outside in this system, and why; everything else must be reached.</summary>
    private static readonly Dictionary<string, string> Unreachable = new()
    {
        ["account/sign-in/code"] = "only between a password and a code, for an account with two-factor sign-in on (none of the demo " +
                                   "accounts); every role's requests to it are still checked, and TwoFactorTests walk it in a browser",
    };

    /// <summary>Where a person starts: a search with results, whose links lead to the activities' pages.</summary>
    private static readonly string[] Starts = ["/search?q=home+visits&postcode=PO6+2GB", "/search?q=walking"];

    [Fact]
    public async Task Every_page_and_form_handler_answers_hostile_input_as_every_role_without_a_server_error()
    {
        var seed = PortalFuzzRun.Setting("FUZZ_SEED", Random.Shared.Next());
        var pages = await PageCatalog.OfAsync(system.PortalServices);
        var run = new PortalFuzzRun(pages, seed, PortalFuzzRun.Setting("FUZZ_GETS_PER_PAGE", 6),
            PortalFuzzRun.Setting("FUZZ_POSTS_PER_HANDLER", 6), Starts, system);
        var baseUrl = new Uri(system.BaseUrl);
        // The demo data has no referrals: one from the GP, so the referral pages and their forms have one to act on.
        await ReferAsync(new PortalVisitor(baseUrl, "practitioner", "gp@demo.example.org", PortalSystem.Password));
        // Nobody, then one account per role; the administrator last (its forms lock accounts and change roles).
        var visitors = new[] { new PortalVisitor(baseUrl, "anonymous", null, PortalSystem.Password) }
            .Concat(DemoUsers.All.DistinctBy(u => u.Role).OrderBy(u => u.Role == BuildingBlocks.Auth.Roles.Admin)
                .Select(u => new PortalVisitor(baseUrl, u.Role, u.Email, PortalSystem.Password)));

        var report = await run.RunAsync(visitors);

        output.WriteLine(report.Summary);
        output.WriteLine($"Not reached: pages [{string.Join(", ", report.PagesNotReached)}]; handlers [{string.Join(", ", report.HandlersNotReached)}]");
        Assert.True(report.Failures.Count == 0,
            $"{report.Summary} (again with FUZZ_SEED={report.Seed})\n  {string.Join("\n  ", report.Failures.Take(120))}" +
            (report.Failures.Count > 120 ? $"\n  ... and {report.Failures.Count - 120} more" : ""));
        var notReached = report.PagesNotReached.Where(p => !Unreachable.ContainsKey(p)).ToList();
        var handlersNotReached = report.HandlersNotReached.Where(h => !Unreachable.ContainsKey(h.Split(' ')[0])).ToList();
        Assert.True(notReached.Count == 0 && handlersNotReached.Count == 0,
            $"Not reached by any role (FUZZ_SEED={report.Seed}): pages [{string.Join(", ", notReached)}]; handlers [{string.Join(", ", handlersNotReached)}]");
        Assert.Empty(Unreachable.Keys.Except(pages.Select(p => p.Template)));
    }

    /// <summary>A referral to the demo provider's home visits through the portal's own two-step form, as a GP would send it.</summary>
    private static async Task ReferAsync(PortalVisitor gp)
    {
        using var _ = gp;
        await gp.SignInAsync();
        var search = await gp.SendAsync(HttpMethod.Get, Starts[0], null);
        var listing = new HtmlParser().ParseDocument(search.Text!).QuerySelectorAll("a[href]")
            .First(a => a.TextContent.Trim() == "Good Neighbours home visits").GetAttribute("href")!;
        var refer = "/referrals/new/" + listing.Split('/').Last();
        var token = HtmlForms.Read((await gp.SendAsync(HttpMethod.Get, refer, null)).Text!, new Uri(gp.BaseUrl, refer)).Forms
            .SelectMany(f => f.Fields).First(f => f.Name == FormTarget.Antiforgery).Value;
        var person = $"{FormTarget.Antiforgery}={HostileInput.Escape(token)}&Person.GivenName=Fuzz&Person.FamilyName=Referral{Guid.NewGuid():N}" +
                     "&Person.BirthDay=10&Person.BirthMonth=12&Person.BirthYear=1950&Person.Phone=07700%20900123&Person.Email=fuzz%40example.org&Person.Needs=Company";
        var consentStep = await gp.SendAsync(HttpMethod.Post, refer + "?handler=Details", person);
        var consent = HtmlForms.Read(consentStep.Text!, new Uri(gp.BaseUrl, refer)).Forms.First(f => f.Fields.Any(x => x.Name == "Consent.GivenBy"));
        // Every consent choice given: the first answer to each question, every box ticked.
        var body = string.Join('&', consent.Fields.Where(f => f.Name.StartsWith("Consent.", StringComparison.Ordinal))
            .Select(f => $"{f.Name}={HostileInput.Escape(f.Choices.FirstOrDefault() ?? f.Value)}"));
        var sent = await gp.SendAsync(HttpMethod.Post, consent.Action.PathAndQuery, person + "&" + body);
        Assert.True(sent is { Status: 302, Location: { } to } && to.StartsWith("/referrals/", StringComparison.Ordinal),
            $"The arranged referral was not sent: {sent.Status} {sent.Location} " +
            new HtmlParser().ParseDocument(sent.Text ?? "").QuerySelector(".nhsuk-error-summary, .nhsuk-warning-callout")?.TextContent);
    }

    [Fact]
    public async Task A_live_inbox_asked_for_messages_from_a_time_out_of_range_is_a_bad_request_not_feedback_being_down()
    {
        using var resident = new PortalVisitor(new Uri(system.BaseUrl), "resident", "resident@demo.example.org", PortalSystem.Password);
        await resident.SignInAsync();

        var answer = await resident.SendAsync(HttpMethod.Get, "/inbox?handler=stream&since=9999-12-31T23%3A59%3A59%2B14%3A00", null);

        Assert.Equal(400, answer.Status);
    }

    [Fact]
    public async Task Feedback_refuses_a_stream_request_out_of_range_with_a_problem_even_to_a_client_that_accepts_only_events()
    {
        using var http = new HttpClient { BaseAddress = new Uri(system.ApiUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/feedback/inbox/stream?since=0001-01-01T00%3A00%3A00Z");
        request.Headers.Authorization = new("Bearer", system.TokenFor(BuildingBlocks.Auth.Roles.Resident));
        request.Headers.Accept.ParseAdd("text/event-stream");

        using var response = await http.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("since", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("%20")]
    [InlineData("%09%0A")]
    [InlineData("not-an-invite")]
    public async Task An_invite_link_with_a_blank_or_unknown_token_is_not_found(string token)
    {
        using var visitor = new PortalVisitor(new Uri(system.BaseUrl), "anonymous", null, PortalSystem.Password);

        var answer = await visitor.SendAsync(HttpMethod.Get, "/invites/" + token, null);

        Assert.Equal(404, answer.Status);
        Assert.Contains("Page not found", answer.Text);
    }
}
