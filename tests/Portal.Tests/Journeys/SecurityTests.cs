using System.Net;
using System.Text.RegularExpressions;
using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Identity;

namespace Portal.Tests.Journeys;

[Collection(PortalCollection.Name)]
public sealed partial class SecurityTests(PortalSystem system)
{
    private HttpClient Http() =>
        new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(system.BaseUrl) };

    [Theory]
    [InlineData("/")]
    [InlineData("/search?q=walking")]
    [InlineData("/account/sign-in")]
    [InlineData("/lib/nhsuk/nhsuk-frontend.min.css")]
    [InlineData("/js/init.js")]
    [InlineData("/assets/images/favicon.svg")]
    [InlineData("/no-such-page")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        using var http = Http();

        var response = await http.GetAsync(path);

        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.DoesNotContain("unsafe-inline", policy);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Pages_render_under_the_content_security_policy_with_no_violation()
    {
        var context = await system.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = system.BaseUrl });
        var page = await context.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") consoleErrors.Add(message.Text); };
        await page.AddInitScriptAsync("""
            window.__violations = [];
            document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
            """);

        foreach (var path in new[] { "/search?q=walking", "/account/sign-in" })
        {
            var response = await page.GotoAsync(path);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

            Assert.Contains("default-src 'self'", (await response!.AllHeadersAsync())["content-security-policy"]);
            Assert.Empty(await page.EvaluateAsync<string[]>("() => window.__violations"));
            // The layout's scripts are files the policy allows: they ran.
            Assert.True(await page.EvaluateAsync<bool>("() => document.body.classList.contains('js-enabled')"));
        }
        Assert.DoesNotContain(consoleErrors, text => text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
        await Accessibility.AssertAccessibleAsync(page);
        await context.CloseAsync();
    }

    [Fact]
    public async Task The_sign_in_cookie_is_secure_when_the_proxy_says_the_request_came_over_TLS()
    {
        using var http = Http();
        using var form = new HttpRequestMessage(HttpMethod.Get, "/account/sign-in");
        form.Headers.Add("X-Forwarded-Proto", "https");
        var formResponse = await http.SendAsync(form);
        var antiforgeryCookie = formResponse.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        var token = VerificationToken().Match(await formResponse.Content.ReadAsStringAsync()).Groups[1].Value;

        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/account/sign-in")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Email"] = "resident@demo.example.org", ["Password"] = PortalSystem.Password, ["__RequestVerificationToken"] = token,
            }),
        };
        signIn.Headers.Add("X-Forwarded-Proto", "https");
        signIn.Headers.Add("Cookie", antiforgeryCookie.Split(';')[0]);
        var signedIn = await http.SendAsync(signIn);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var authCookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("portal.auth=", StringComparison.Ordinal));
        Assert.Contains("; secure", authCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; httponly", authCookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Sign_in_gives_one_answer_for_an_unknown_address_a_wrong_password_and_a_locked_account()
    {
        var locked = await NewAccountAsync();
        var other = await NewAccountAsync();
        using (var scope = system.PortalServices.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = await users.FindByEmailAsync(locked);
            Assert.True((await users.SetLockoutEndDateAsync(user!, DateTimeOffset.UtcNow.AddHours(1))).Succeeded);
        }

        var unknown = await SignInErrorAsync($"nobody-{Guid.NewGuid():N}@example.org", PortalSystem.Password);
        var wrongPassword = await SignInErrorAsync(other, "not-the-password");
        var lockedOut = await SignInErrorAsync(locked, PortalSystem.Password);

        Assert.Contains("The email address or password is not right", unknown);
        Assert.Equal(unknown, wrongPassword);
        Assert.Equal(unknown, lockedOut);
    }

    private async Task<string> NewAccountAsync()
    {
        var email = $"security-{Guid.NewGuid():N}@example.org";
        using var scope = system.PortalServices.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var created = await users.CreateAsync(new PortalUser
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Security Test", Role = Roles.Resident,
        }, PortalSystem.Password);
        Assert.True(created.Succeeded);
        return email;
    }

    private async Task<string> SignInErrorAsync(string email, string password)
    {
        var page = await system.NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        var text = await page.Locator(".nhsuk-error-summary").InnerTextAsync();
        await page.Context.CloseAsync();
        return text;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex VerificationToken();
}
