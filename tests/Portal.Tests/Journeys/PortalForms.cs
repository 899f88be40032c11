using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using BuildingBlocks.Auth;
using Portal.Tests.Fuzz;

namespace Portal.Tests.Journeys;

/// <summary>
/// A form posted over plain HTTP, as a browser would (its antiforgery token from the page), with values a browser's
/// input cannot hold (a NUL); and what the page answered, read for its error summary and field messages.
/// </summary>
public static partial class PortalForms
{
    public static async Task<PortalVisitor> VisitorAsync(PortalSystem system, string? email)
    {
        var visitor = new PortalVisitor(new Uri(system.BaseUrl), email ?? "anonymous", email, PortalSystem.Password);
        await visitor.SignInAsync();
        return visitor;
    }

    /// <summary>Opens <paramref name="page"/>, then posts <paramref name="fields"/> (not yet encoded) to <paramref name="action"/>.</summary>
    public static async Task<PortalAnswer> PostAsync(PortalVisitor visitor, string page, string action, params (string Name, string Value)[] fields)
    {
        var form = await visitor.SendAsync(HttpMethod.Get, page, null);
        Assert.True(form.Status == 200, $"{page} answered {form.Status}");
        var token = Token().Match(form.Text!).Groups[1].Value;
        var body = string.Join('&', fields.Append((FormTarget.Antiforgery, token)).Select(f => $"{HostileInput.Escape(f.Item1)}={HostileInput.Escape(f.Item2)}"));
        return await visitor.SendAsync(HttpMethod.Post, action, body);
    }

    /// <summary>The message shown beside the input <paramref name="inputId"/>, without its hidden "Error:" prefix; null when none.</summary>
    public static string? FieldError(PortalAnswer answer, string inputId)
    {
        var match = Regex.Match(answer.Text ?? "", $"<span class=\"nhsuk-error-message\" id=\"{Regex.Escape(inputId)}-error\">(.*?)</span>\\s*(.*?)</span>",
            RegexOptions.Singleline);
        return match.Success ? System.Net.WebUtility.HtmlDecode(match.Groups[2].Value).Trim() : null;
    }

    /// <summary>The error summary's links: where each points and what it says.</summary>
    public static List<(string Href, string Text)> SummaryLinks(PortalAnswer answer)
    {
        var summary = Regex.Match(answer.Text ?? "", "<div class=\"nhsuk-error-summary\".*?</div>", RegexOptions.Singleline).Value;
        return [.. Regex.Matches(summary, "<a href=\"([^\"]*)\">(.*?)</a>", RegexOptions.Singleline)
            .Select(m => (System.Net.WebUtility.HtmlDecode(m.Groups[1].Value), System.Net.WebUtility.HtmlDecode(m.Groups[2].Value).Trim()))];
    }

    /// <summary>The value of the input (or textarea) named <paramref name="name"/> as the page drew it.</summary>
    public static string? InputValue(PortalAnswer answer, string name)
    {
        var text = answer.Text ?? "";
        var input = Regex.Match(text, $"<input[^>]*name=\"{Regex.Escape(name)}\"[^>]*>");
        if (input.Success)
            return Regex.Match(input.Value, "value=\"([^\"]*)\"") is { Success: true } v ? System.Net.WebUtility.HtmlDecode(v.Groups[1].Value) : "";
        var area = Regex.Match(text, $"<textarea[^>]*name=\"{Regex.Escape(name)}\"[^>]*>(.*?)</textarea>", RegexOptions.Singleline);
        return area.Success ? System.Net.WebUtility.HtmlDecode(area.Groups[1].Value) : null;
    }

    /// <summary>True when the page has an element with this id (an error summary's link must lead to one).</summary>
    public static bool HasElement(PortalAnswer answer, string id) => (answer.Text ?? "").Contains($"id=\"{id}\"", StringComparison.Ordinal);

    /// <summary>
    /// A new listing (by a curator, so live at once) that the Referrals service knows, so people can ask to join it and
    /// be referred to it: Referrals hears of it over the bus, in its own time. Known once it takes a draft referral,
    /// whose id is returned: a referral of someone else's (a practitioner with no team), for pages that must not show it.
    /// </summary>
    public static async Task<(Guid ServiceId, Guid OthersReferralId)> ReferrableServiceAsync(PortalSystem system, string name, bool selfReferral = true)
    {
        using var curator = new HttpClient { BaseAddress = new Uri(system.ApiUrl) };
        curator.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", system.TokenFor(Roles.Curator));
        var organisation = await curator.PostAsJsonAsync("/api/directory/organisations", new { name = name + " group" });
        organisation.EnsureSuccessStatusCode();
        var listed = await curator.PostAsJsonAsync("/api/directory/services", new
        {
            organisationId = (await organisation.Content.ReadFromJsonAsync<IdOnly>())!.Id, name,
            description = "A cup of tea and a chat with neighbours.", acceptingReferrals = "yes",
            access = new { dropIn = false, selfReferral, practitionerReferral = true },
        });
        Assert.True(listed.IsSuccessStatusCode, $"listing failed: {(int)listed.StatusCode} {await listed.Content.ReadAsStringAsync()}");
        var serviceId = (await listed.Content.ReadFromJsonAsync<IdOnly>())!.Id;
        using var http = new HttpClient { BaseAddress = new Uri(system.ApiUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", system.TokenFor(Roles.Practitioner));
        Guid? referralId = null;
        await Eventually.UntilAsync(async () =>
        {
            var draft = await http.PostAsJsonAsync("/api/referrals", new
            {
                serviceId,
                person = new { givenName = "Other", familyName = ReferralSteps.UniqueFamilyName("Person"), dateOfBirth = "1960-01-01", phone = "07700 900000" },
                submit = false,
            });
            if (draft.IsSuccessStatusCode) referralId = (await draft.Content.ReadFromJsonAsync<IdOnly>())!.Id;
            return referralId is not null;
        }, $"{name} known to Referrals");
        return (serviceId, referralId!.Value);
    }

    private sealed record IdOnly(Guid Id);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
