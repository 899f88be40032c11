using Microsoft.Playwright;

namespace Portal.Tests.Journeys;

/// <summary>Steps several journeys share: a practitioner refers someone to the demo provider's home visits.</summary>
public static class ReferralSteps
{
    /// <summary>
    /// Refers a person to "Good Neighbours home visits" (run by the demo provider's organisation) through the
    /// search, listing, details and consent pages; leaves the page on the new referral.
    /// </summary>
    public static async Task ReferAsync(IPage gp, string givenName, string familyName, bool shareOutcomes)
    {
        await gp.GotoAsync("/search?q=home+visits&postcode=PO6+2GB");
        await gp.GetByRole(AriaRole.Link, new() { Name = "Good Neighbours home visits" }).ClickAsync();
        await ReferFromListingAsync(gp, givenName, familyName, shareOutcomes);
    }

    /// <summary>
    /// From an activity's page: refers a person, with their consent to share their details with the group (and, with
    /// <paramref name="shareOutcomes"/>, their attendance and outcomes with the referrer); leaves the page on the new referral.
    /// </summary>
    public static async Task ReferFromListingAsync(IPage gp, string givenName, string familyName, bool shareOutcomes, string? nhsNumber = null)
    {
        await gp.GetByRole(AriaRole.Link, new() { Name = "Refer someone to this activity" }).ClickAsync();
        await gp.GetByLabel("First name").FillAsync(givenName);
        await gp.GetByLabel("Last name").FillAsync(familyName);
        await gp.GetByLabel("Day").FillAsync("10");
        await gp.GetByLabel("Month").FillAsync("12");
        await gp.GetByLabel("Year").FillAsync("1950");
        if (nhsNumber is not null) await gp.GetByLabel("NHS number (optional)").FillAsync(nhsNumber);
        await gp.GetByLabel("Phone number").FillAsync("07700 900123");
        await gp.GetByLabel("What would they like help with?").FillAsync("Lonely since her husband died.");
        await gp.GetByRole(AriaRole.Button, new() { Name = "Continue to consent" }).ClickAsync();
        await gp.GetByLabel("The person themselves").CheckAsync();
        await gp.GetByLabel("Verbally, in person or on the phone").CheckAsync();
        await gp.GetByLabel("Share their details and needs with the group").CheckAsync();
        if (shareOutcomes) await gp.GetByLabel("Let the group tell me whether they attended and how they are doing").CheckAsync();
        await gp.GetByRole(AriaRole.Button, new() { Name = "Send referral" }).ClickAsync();
        // The referral's page, or the form again with what was refused: wait for whichever comes.
        await gp.Locator("#referral-status").Or(gp.Locator(".nhsuk-error-summary")).First.WaitForAsync();
        if (await gp.Locator("#referral-status").CountAsync() == 0)
            Assert.Fail($"No referral page after sending; the page says: {await gp.Locator("main").InnerTextAsync()}");
    }

    /// <summary>A family name no other test uses: Referrals refuses a second open referral for the same person.</summary>
    public static string UniqueFamilyName(string stem) =>
        stem + new string(Guid.NewGuid().ToString("N")[..6].Select(c => (char)('a' + Convert.ToInt32(c.ToString(), 16) % 26)).ToArray());

    /// <summary>A valid NHS number (modulus 11 check digit) no other test uses: Referrals refuses a second open referral for it.</summary>
    public static string UniqueNhsNumber()
    {
        while (true)
        {
            var digits = Guid.NewGuid().ToByteArray().Take(9).Select(b => b % 10).ToArray();
            var check = 11 - digits.Select((d, i) => d * (10 - i)).Sum() % 11;
            if (check == 10) continue;
            return string.Concat(digits) + (check == 11 ? 0 : check);
        }
    }

    /// <summary>The demo provider opens the referral and accepts it.</summary>
    public static async Task<IPage> AcceptAsProviderAsync(PortalSystem system, string referralPath)
    {
        var provider = await system.SignInAsync("provider@demo.example.org");
        await provider.GotoAsync(referralPath);
        await provider.GetByRole(AriaRole.Button, new() { Name = "Accept referral" }).ClickAsync();
        Assert.Equal("accepted", await provider.Locator("#referral-status").InnerTextAsync());
        return provider;
    }
}
