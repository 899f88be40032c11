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
    };

    [Fact]
    public async Task Every_page_and_form_handler_answers_hostile_input_as_every_role_without_a_server_error()
    {
        var seed = PortalFuzzRun.Setting("FUZZ_SEED", Random.Shared.Next());
        var pages = await PageCatalog.OfAsync(system.PortalServices);
        var run = new PortalFuzzRun(pages, seed, PortalFuzzRun.Setting("FUZZ_GETS_PER_PAGE", 6),
            PortalFuzzRun.Setting("FUZZ_POSTS_PER_HANDLER", 6), system.PortalErrors, system.ApiErrors);
        var baseUrl = new Uri(system.BaseUrl);
        // Nobody, then one account per role; the administrator last (its forms lock accounts and change roles).
        var visitors = new[] { new PortalVisitor(baseUrl, "anonymous", null, PortalSystem.Password) }
            .Concat(DemoUsers.All.DistinctBy(u => u.Role).OrderBy(u => u.Role == BuildingBlocks.Auth.Roles.Admin)
                .Select(u => new PortalVisitor(baseUrl, u.Role, u.Email, PortalSystem.Password)));

        var report = await run.RunAsync(visitors);

        output.WriteLine(report.Summary);
        Assert.True(report.Failures.Count == 0,
            $"{report.Summary} (again with FUZZ_SEED={report.Seed})\n  {string.Join("\n  ", report.Failures.Take(120))}" +
            (report.Failures.Count > 120 ? $"\n  ... and {report.Failures.Count - 120} more" : ""));
        var notReached = report.PagesNotReached.Where(p => !Unreachable.ContainsKey(p)).ToList();
        var handlersNotReached = report.HandlersNotReached.Where(h => !Unreachable.ContainsKey(h.Split(' ')[0])).ToList();
        Assert.True(notReached.Count == 0 && handlersNotReached.Count == 0,
            $"Not reached by any role (FUZZ_SEED={report.Seed}): pages [{string.Join(", ", notReached)}]; handlers [{string.Join(", ", handlersNotReached)}]");
        Assert.Empty(Unreachable.Keys.Except(pages.Select(p => p.Template)));
    }
}
