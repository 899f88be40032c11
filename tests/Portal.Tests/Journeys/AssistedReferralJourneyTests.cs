using Microsoft.Playwright;

namespace Portal.Tests.Journeys;

/// <summary>
/// An assisted referral (issue #19): a practitioner refers someone with no phone or email, says the group should write to
/// them and what they need to get there, and records that she agreed to letters; the group sees both with the referral,
/// accepts (she is sent a letter, kept by the embedded default's letter drop) and records attendance, and the
/// practitioner sees "attended": the loop closes without the person being online.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class AssistedReferralJourneyTests(PortalSystem system)
{
    [Fact]
    public async Task A_person_with_no_phone_or_email_is_referred_by_post_with_their_needs_and_the_loop_closes()
    {
        var familyName = ReferralSteps.UniqueFamilyName("Nowak");
        var gp = await system.SignInAsync("gp@demo.example.org");
        await gp.GotoAsync("/search?q=home+visits&postcode=PO6+2GB");
        await gp.GetByRole(AriaRole.Link, new() { Name = "Good Neighbours home visits" }).ClickAsync();
        await gp.GetByRole(AriaRole.Link, new() { Name = "Refer someone to this activity" }).ClickAsync();
        await gp.GetByLabel("First name").FillAsync("Halina");
        await gp.GetByLabel("Last name").FillAsync(familyName);
        await gp.GetByLabel("Day").FillAsync("3");
        await gp.GetByLabel("Month").FillAsync("4");
        await gp.GetByLabel("Year").FillAsync("1939");
        await gp.GetByLabel("What would they like help with?").FillAsync("Housebound since a fall; would like company.");

        // No phone, no email and no other way to reach her: the form asks for one.
        await gp.GetByRole(AriaRole.Button, new() { Name = "Continue to consent" }).ClickAsync();
        Assert.Contains("or choose another way the group can reach them", await gp.Locator(".nhsuk-error-summary").InnerTextAsync());

        await gp.GetByLabel("By post").CheckAsync();
        await gp.GetByLabel("Address to write to or visit").FillAsync("12 Northern Parade\nPortsmouth PO2 9LU");
        await gp.GetByLabel("Transport to get there").CheckAsync();
        await gp.GetByLabel("Someone to go with them the first time").CheckAsync();
        await gp.GetByLabel("An interpreter").CheckAsync();
        await gp.GetByLabel("Language for the interpreter").FillAsync("Polish");
        await Accessibility.AssertAccessibleAsync(gp);
        await Screenshots.SaveAsync(gp, "practitioner-assisted-referral");
        await gp.GetByRole(AriaRole.Button, new() { Name = "Continue to consent" }).ClickAsync();

        await gp.GetByLabel("The person themselves").CheckAsync();
        await gp.GetByLabel("Verbally, in person or on the phone").CheckAsync();
        await gp.GetByLabel("Share their details and needs with the group").CheckAsync();
        await gp.GetByLabel("Let the group tell me whether they attended and how they are doing").CheckAsync();
        // Offered because the way to reach her has an address.
        await gp.GetByLabel("Write to them by letter, at the address they gave").CheckAsync();
        await gp.GetByRole(AriaRole.Button, new() { Name = "Send referral" }).ClickAsync();
        await gp.Locator("#referral-status").Or(gp.Locator(".nhsuk-error-summary")).First.WaitForAsync();
        Assert.True(await gp.Locator("#referral-status").CountAsync() == 1, await gp.Locator("main").InnerTextAsync());
        Assert.Equal("requested", await gp.Locator("#referral-status").InnerTextAsync());
        var referralPath = new Uri(gp.Url).AbsolutePath;

        // The group sees how to reach her and what she needs, with her details (she agreed to share them).
        var provider = await system.SignInAsync("provider@demo.example.org");
        await provider.GotoAsync(referralPath);
        Assert.Equal("By post: 12 Northern Parade\nPortsmouth PO2 9LU", await provider.Locator("#contact-route").InnerTextAsync());
        Assert.Equal(["Transport to get there", "Someone to go with them the first time", "An interpreter (Polish)"],
            await provider.Locator("#support-needs li").AllInnerTextsAsync());
        await Accessibility.AssertAccessibleAsync(provider);
        await Screenshots.SaveAsync(provider, "provider-assisted-referral");

        await provider.GetByRole(AriaRole.Button, new() { Name = "Accept referral" }).ClickAsync();
        Assert.Equal("accepted", await provider.Locator("#referral-status").InnerTextAsync());
        await provider.GetByLabel("Attended").CheckAsync();
        await provider.GetByRole(AriaRole.Button, new() { Name = "Record attendance" }).ClickAsync();
        Assert.Contains("Attendance recorded", await provider.Locator(".nhsuk-notification-banner").InnerTextAsync());

        // The loop closes to the practitioner, who made the referral for her.
        var seen = false;
        for (var attempt = 0; attempt < 40 && !seen; attempt++)
        {
            await gp.GotoAsync(referralPath);
            seen = await gp.Locator("#sessions-attended").CountAsync() > 0 && await gp.Locator("#sessions-attended").InnerTextAsync() == "1";
            if (!seen) await Task.Delay(500);
        }
        Assert.True(seen, "the practitioner never saw the attendance; the page says: " + await gp.Locator("main").InnerTextAsync());
        Assert.Contains("By post", await gp.Locator("#contact-route").InnerTextAsync());
        await Accessibility.AssertAccessibleAsync(gp);

        // Her acceptance came by letter, to her name and address laid out for the post (kept, here, not posted).
        var letter = gp.Locator(".nhsuk-card", new() { HasText = $"Halina {familyName}" });
        for (var attempt = 0; attempt < 40 && await letter.CountAsync() == 0; attempt++)
        {
            await gp.GotoAsync("/dev/mail");
            if (await letter.CountAsync() == 0) await Task.Delay(500);
        }
        Assert.Equal($"Halina {familyName}\n12 Northern Parade\nPortsmouth\nPO2 9LU", await letter.Locator("address").InnerTextAsync());
        var letterText = await letter.Locator("p.mail-body").InnerTextAsync();
        Assert.StartsWith("Dear Halina,", letterText);
        // What she needs to go, as the group's listing says it, on paper too.
        Assert.Contains("Cost: Free", letterText);

        // Her name and address are the referrer's side's to see: not a visitor's, nor a resident signed in.
        var visitor = await system.NewPageAsync();
        await visitor.GotoAsync("/dev/mail");
        Assert.DoesNotContain(familyName, await visitor.Locator("main").InnerTextAsync());
        var resident = await system.SignInAsync("resident@demo.example.org");
        await resident.GotoAsync("/dev/mail");
        Assert.DoesNotContain(familyName, await resident.Locator("main").InnerTextAsync());
    }
}
