using System.Net.Http.Headers;
using System.Net.Http.Json;
using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Identity;

namespace Portal.Tests.Journeys;

/// <summary>
/// Paper for people who are not online (issue #19): the social prescription a practitioner hands over, their shortlist,
/// and a listing's noticeboard leaflet, each a print page and a PDF whose text is read back and checked.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PrintTests(PortalSystem system)
{
    private const string GivenName = "Zofia";

    [Fact]
    public async Task A_practitioner_opens_a_social_prescription_print_page_with_the_activity_and_the_persons_first_name_only()
    {
        var (gp, referralPath, familyName, nhsNumber) = await ReferAsync();

        await gp.GetByRole(AriaRole.Link, new() { Name = "Print a social prescription for this referral" }).ClickAsync();

        Assert.Equal(referralPath + "/print", new Uri(gp.Url).AbsolutePath);
        Assert.Equal("Your social prescription", await gp.Locator("h1").First.InnerTextAsync());
        Assert.Equal($"For: {GivenName}", (await gp.Locator("#print-for").InnerTextAsync()).Trim());
        var sheet = await gp.Locator("main").InnerTextAsync();
        Assert.Contains("Good Neighbours home visits", sheet);
        Assert.Contains("Weekdays, 10am to 4pm", sheet);
        Assert.Contains("Phone: 023 9649 6101", sheet);
        AssertNothingOfThePersonButTheirFirstName(sheet, familyName, nhsNumber);
        Assert.Equal(0, await gp.Locator(".nhsuk-header, .nhsuk-footer").CountAsync());
        await Accessibility.AssertAccessibleAsync(gp);
        await Screenshots.SaveAsync(gp, "print-social-prescription");

        // On paper the bar of actions is left out.
        await gp.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.False(await gp.Locator(".app-print-actions").IsVisibleAsync());
        Assert.True(await gp.Locator("#print-for").IsVisibleAsync());
    }

    [Fact]
    public async Task The_social_prescription_PDF_is_text_with_the_activity_its_time_and_contact_and_no_NHS_number_or_date_of_birth()
    {
        var (gp, referralPath, familyName, nhsNumber) = await ReferAsync();
        var referralId = Guid.Parse(referralPath.Split('/')[^1]);
        var printsBefore = await AuditedPrintsAsync(referralId);

        var download = await gp.RunAndWaitForDownloadAsync(() =>
            gp.GetByRole(AriaRole.Link, new() { Name = "Download PDF of the social prescription" }).ClickAsync());
        var pdf = await File.ReadAllBytesAsync((await download.PathAsync())!);

        Assert.Equal("social-prescription.pdf", download.SuggestedFilename);
        Assert.Equal(1, PdfText.PageCount(pdf));
        var text = PdfText.ExtractFlat(pdf);
        Assert.Contains("Your social prescription", text);
        Assert.Contains($"For: {GivenName}", text);
        Assert.Contains("Good Neighbours home visits", text);
        Assert.Contains("Weekdays, 10am to 4pm", text);
        Assert.Matches(@"Next: [A-Z][a-z]+day \d{1,2} [A-Z][a-z]+", text);
        Assert.Contains("Ask for Maureen", text);
        Assert.Contains("Phone: 023 9649 6101", text);
        AssertNothingOfThePersonButTheirFirstName(text, familyName, nhsNumber);
        // Read through the Referrals API, which logged the read as a print.
        Assert.Equal(printsBefore + 1, await AuditedPrintsAsync(referralId));
    }

    [Fact]
    public async Task A_practitioner_with_no_right_to_the_referral_gets_404_for_its_print_page_and_PDF_and_a_team_colleague_may_print_it()
    {
        var (_, referralPath, _, _) = await ReferAsync();
        var stranger = await system.SignInAsync(await NewPractitionerWithoutTeamAsync());

        foreach (var path in new[] { referralPath + "/print", referralPath + "/print/pdf" })
        {
            var refused = await stranger.APIRequest.GetAsync(path);
            Assert.Equal(404, refused.Status);
            Assert.DoesNotContain(GivenName, await refused.TextAsync());
        }

        var colleague = await system.SignInAsync("linkworker@demo.example.org");
        var allowed = await colleague.APIRequest.GetAsync(referralPath + "/print/pdf");
        Assert.Equal(200, allowed.Status);
        Assert.Equal("application/pdf", allowed.Headers["content-type"]);
        Assert.Equal("no-store", allowed.Headers["cache-control"]);
        Assert.Contains($"For: {GivenName}", PdfText.ExtractFlat(await allowed.BodyAsync()));
    }

    [Fact]
    public async Task Anyone_prints_a_listings_leaflet_and_its_PDF_carries_the_listings_facts()
    {
        var name = "Leaflet lunch club " + Guid.NewGuid().ToString("N")[..6];
        var id = await system.ListActivityAsync(name, ["English", "Polish"], ["step-free-access", "hearing-loop"]);
        var page = await system.NewPageAsync();
        await page.GotoAsync($"/services/{id}");

        await page.GetByRole(AriaRole.Link, new() { Name = $"Print a leaflet for {name}" }).ClickAsync();

        Assert.Equal(name, await page.Locator("h1").InnerTextAsync());
        var sheet = await page.Locator("main").InnerTextAsync();
        Assert.Contains("Tuesdays, 10am to noon", sheet);
        Assert.Contains("£2.50 (Includes tea and cake)", sheet);
        Assert.Contains("Phone: 023 9200 0000", sheet);
        await Accessibility.AssertAccessibleAsync(page);
        await Screenshots.SaveAsync(page, "print-leaflet");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download PDF" }).ClickAsync());
        var text = PdfText.ExtractFlat(await File.ReadAllBytesAsync((await download.PathAsync())!));
        foreach (var expected in new[] { name, "Cosham Community Club", "Tuesdays, 10am to noon", "Cosham Community Centre, High Street, Portsmouth, PO6 2GB",
                     "£2.50 (Includes tea and cake)", "Ages 60 and over", "People who live in Cosham", "Drop in or ask to join yourself",
                     "Ask for Ola", "Phone: 023 9200 0000", "Email: club@example.org", "Step-free access, Hearing loop", "English, Polish",
                     $"/services/{id}" })
            Assert.Contains(expected, text);
        Assert.DoesNotContain("For:", text);
    }

    [Fact]
    public async Task A_practitioner_prints_their_shortlist_with_a_line_for_the_persons_name()
    {
        var names = new[] { "Shortlisted choir " + Guid.NewGuid().ToString("N")[..6], "Shortlisted walk " + Guid.NewGuid().ToString("N")[..6] };
        var ids = new List<Guid>();
        foreach (var name in names) ids.Add(await system.ListActivityAsync(name, ["English"], []));
        var gp = await system.SignInAsync("gp@demo.example.org");
        foreach (var id in ids)
        {
            await gp.GotoAsync($"/services/{id}");
            await gp.GetByRole(AriaRole.Button, new() { Name = "Add to shortlist" }).ClickAsync();
        }
        await gp.GotoAsync("/shortlist");

        await gp.GetByRole(AriaRole.Link, new() { Name = "Print your shortlist to hand over" }).ClickAsync();

        Assert.Equal("Activities you could try", await gp.Locator("h1").InnerTextAsync());
        Assert.Equal(names, await gp.Locator("h2").AllInnerTextsAsync());
        Assert.StartsWith("For:", (await gp.Locator("#print-for").InnerTextAsync()).Trim());
        await Accessibility.AssertAccessibleAsync(gp);
        await Screenshots.SaveAsync(gp, "print-shortlist");

        var download = await gp.RunAndWaitForDownloadAsync(() => gp.GetByRole(AriaRole.Link, new() { Name = "Download PDF" }).ClickAsync());
        var text = PdfText.ExtractFlat(await File.ReadAllBytesAsync((await download.PathAsync())!));
        Assert.Contains("For: ____", text);
        Assert.Contains("Suggested for you by Dr Gita Patel.", text);
        Assert.True(text.IndexOf(names[0], StringComparison.Ordinal) is >= 0 and var first && text.IndexOf(names[1], StringComparison.Ordinal) > first,
            "both activities, in the shortlist's order");
    }

    /// <summary>The demo GP refers a new person, with an NHS number, to the demo group's home visits; leaves the page on the referral.</summary>
    private async Task<(IPage Gp, string ReferralPath, string FamilyName, string NhsNumber)> ReferAsync()
    {
        var gp = await system.SignInAsync("gp@demo.example.org");
        var familyName = ReferralSteps.UniqueFamilyName("Kowalska");
        var nhsNumber = ReferralSteps.UniqueNhsNumber();
        await gp.GotoAsync("/search?q=home+visits&postcode=PO6+2GB");
        await gp.GetByRole(AriaRole.Link, new() { Name = "Good Neighbours home visits" }).ClickAsync();
        await ReferralSteps.ReferFromListingAsync(gp, GivenName, familyName, shareOutcomes: true, nhsNumber);
        return (gp, new Uri(gp.Url).AbsolutePath, familyName, nhsNumber);
    }

    private static void AssertNothingOfThePersonButTheirFirstName(string text, string familyName, string nhsNumber)
    {
        Assert.DoesNotContain(familyName, text);
        Assert.DoesNotContain(nhsNumber, text);
        Assert.DoesNotContain($"{nhsNumber[..3]} {nhsNumber[3..6]} {nhsNumber[6..]}", text);
        Assert.DoesNotContain("1950", text); // born 10 December 1950
        Assert.DoesNotContain("07700 900123", text);
        Assert.DoesNotContain("Lonely since her husband died", text);
    }

    private async Task<int> AuditedPrintsAsync(Guid referralId)
    {
        using var http = new HttpClient { BaseAddress = new Uri(system.ApiUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", system.TokenFor(Roles.Admin));
        var page = await http.GetFromJsonAsync<AuditPage>($"/api/referrals/audit?referralId={referralId}&pageSize=100");
        Assert.True(page!.Total <= 100, "every entry on the page");
        return page.Items.Count(e => e.Purpose == "print referral");
    }

    private async Task<string> NewPractitionerWithoutTeamAsync()
    {
        var email = $"stranger-{Guid.NewGuid():N}@example.org";
        await using var scope = system.PortalServices.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Sam Stranger", Role = Roles.Practitioner };
        Assert.True((await users.CreateAsync(user, PortalSystem.Password)).Succeeded);
        return email;
    }

    private sealed record AuditPage(int Total, IReadOnlyList<AuditEntry> Items);

    private sealed record AuditEntry(string Purpose);
}
