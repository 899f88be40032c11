using Microsoft.Playwright;

namespace Portal.Tests.Journeys;

/// <summary>What a person does with an authenticator app, the app's codes computed by the tests' own RFC 6238 code.</summary>
public static class TwoFactorSteps
{
    /// <summary>Reads the key the set-up page shows, as a person types it into their app.</summary>
    public static async Task<string> KeyShownAsync(IPage page) =>
        (await page.Locator("#authenticator-key").InnerTextAsync()).Replace(" ", "").ToUpperInvariant();

    public static string CodeNow(string key) => Totp.Code(key, DateTimeOffset.UtcNow);

    /// <summary>A code the portal cannot accept now: none of those of the time steps around now (it allows 90 seconds each way).</summary>
    public static string WrongCode(string key)
    {
        var step = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
        var valid = Enumerable.Range(-4, 9).Select(i => Totp.Code(Totp.FromBase32(key), step + i)).ToHashSet();
        return Enumerable.Range(0, 10).Select(d => new string((char)('0' + d), 6)).First(c => !valid.Contains(c));
    }

    public static async Task EnterCodeAsync(IPage page, string code, string button)
    {
        await page.GetByLabel("Security code").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    public static async Task SignInWithPasswordAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }
}
