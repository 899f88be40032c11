using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.Tests.Journeys;

/// <summary>
/// Waiting for a condition, never for a fixed time: what a page shows after a click (Playwright's expectations
/// retry until it does), and what another service does in its own time after an event over the bus (reload the
/// page until it shows it). Both wait as long as a loaded two-core CI machine may need, and a pass on a quiet
/// machine takes no longer than the work itself.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan BetweenReloads = TimeSpan.FromMilliseconds(250);
    private static float PatienceMs => (float)Patience.TotalMilliseconds;

    /// <summary>Opens <paramref name="path"/> again and again until <paramref name="shows"/> holds on it.</summary>
    public static async Task ReloadUntilAsync(IPage page, string path, Func<Task<bool>> shows, string what)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            await page.GotoAsync(path);
            if (await shows()) return;
            if (waited.Elapsed > Patience)
                Assert.Fail($"{what}: not shown on {path} after {Patience.TotalSeconds:0} s; the page says: {await page.Locator("main").InnerTextAsync()}");
            await page.WaitForTimeoutAsync((float)BetweenReloads.TotalMilliseconds);
        }
    }

    /// <summary>
    /// Asks again and again until <paramref name="holds"/> does: for what another service does in its own time, read
    /// through its API rather than a page (a listing reaching the search index).
    /// </summary>
    public static async Task UntilAsync(Func<Task<bool>> holds, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!await holds())
        {
            if (waited.Elapsed > Patience) Assert.Fail($"{what}: not so after {Patience.TotalSeconds:0} s");
            await Task.Delay(BetweenReloads);
        }
    }

    /// <summary>The element is on the page (once there): for a state a script sets, such as a stream having connected.</summary>
    public static Task IsThereAsync(this ILocator locator) =>
        Assertions.Expect(locator).ToHaveCountAsync(1, new() { Timeout = PatienceMs });

    /// <summary>The element (once there) contains <paramref name="text"/>.</summary>
    public static Task ShowsAsync(this ILocator locator, string text) =>
        Assertions.Expect(locator).ToContainTextAsync(text, new() { Timeout = PatienceMs });

    /// <summary>The element (once there) has text that matches <paramref name="pattern"/>.</summary>
    public static Task ShowsAsync(this ILocator locator, Regex pattern) =>
        Assertions.Expect(locator).ToContainTextAsync(pattern, new() { Timeout = PatienceMs });

    /// <summary>The element's whole text is <paramref name="text"/>.</summary>
    public static Task ReadsAsync(this ILocator locator, string text) =>
        Assertions.Expect(locator).ToHaveTextAsync(text, new() { Timeout = PatienceMs });

    /// <summary>The page has gone to <paramref name="path"/> (a redirect after a form).</summary>
    public static Task IsAtAsync(this IPage page, string path) =>
        Assertions.Expect(page).ToHaveURLAsync(new Regex("^[^?#]*" + Regex.Escape(path) + "([?#].*)?$"), new() { Timeout = PatienceMs });
}
