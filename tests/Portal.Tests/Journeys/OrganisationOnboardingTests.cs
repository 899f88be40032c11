using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Portal.Identity;
using static Portal.Tests.Journeys.OnboardingSteps;

namespace Portal.Tests.Journeys;

/// <summary>A group applies, a curator decides, and its admin brings in the staff: no developer involved.</summary>
[Collection(PortalCollection.Name)]
public sealed class OrganisationOnboardingTests(PortalSystem system)
{
    [Fact]
    public async Task A_group_applies_a_curator_approves_and_its_contact_signs_in_as_the_organisations_admin()
    {
        var name = "Drayton Knit and Natter " + Unique();
        var contact = $"jo-{Unique()}@example.org";
        var applicant = await system.NewPageAsync();
        await applicant.GotoAsync("/organisations/apply");
        await applicant.GetByLabel("Contact email address").FillAsync("not an email");
        await applicant.GetByRole(AriaRole.Button, new() { Name = "Send application" }).ClickAsync();
        var problems = await applicant.Locator(".nhsuk-error-summary").InnerTextAsync();
        Assert.Contains("Enter the name of your organisation", problems);
        Assert.Contains("Enter an email address in the correct format", problems);
        Assert.Contains("Enter an email address in the correct format", await applicant.Locator("#contactEmail-error").InnerTextAsync());
        Assert.Equal(0, await system.WithPortalDbAsync(db => db.OrganisationApplications.CountAsync(a => a.ContactEmail == contact)));
        await Accessibility.AssertAccessibleAsync(applicant);
        await Screenshots.SaveAsync(applicant, "organisation-apply-errors");

        await applicant.GetByLabel("Organisation name").FillAsync(name);
        await applicant.GetByLabel("Charity or company number (optional)").FillAsync("1234567");
        await applicant.GetByLabel("Contact name").FillAsync("Jo Bloggs");
        await applicant.GetByLabel("Contact email address").FillAsync(contact);
        await applicant.GetByLabel("Area served").FillAsync("Drayton and Farlington");
        await applicant.GetByRole(AriaRole.Button, new() { Name = "Send application" }).ClickAsync();
        Assert.Contains("Application sent", await applicant.Locator(".nhsuk-notification-banner").InnerTextAsync());

        var curator = await system.SignInAsync("curator@demo.example.org");
        await curator.GotoAsync("/admin/applications");
        await Accessibility.AssertAccessibleAsync(curator);
        await Screenshots.SaveAsync(curator, "admin-applications");
        await curator.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        Assert.Contains("1234567", await curator.Locator("main").InnerTextAsync());
        await Accessibility.AssertAccessibleAsync(curator);
        await Screenshots.SaveAsync(curator, "admin-application-decide");
        await curator.GetByRole(AriaRole.Button, new() { Name = "Approve application" }).ClickAsync();
        Assert.Contains($"{name} is approved", await curator.Locator(".nhsuk-notification-banner").InnerTextAsync());

        var organisationId = (await system.WithPortalDbAsync(db => db.OrganisationApplications.SingleAsync(a => a.ContactEmail == contact))).OrganisationId;
        Assert.NotNull(organisationId);
        using var directory = system.DirectoryApi();
        var organisation = await directory.GetFromJsonAsync<OrganisationRead>($"/api/directory/organisations/{organisationId}");
        Assert.Equal(name, organisation!.Name);
        Assert.Contains(name, system.Mail.LastTo(contact).Subject);

        var admin = await system.NewPageAsync();
        await admin.GotoAsync(system.Mail.LinkTo(contact));
        Assert.Contains($"the admin of {name}", await admin.Locator("#invite-summary").InnerTextAsync());
        await Accessibility.AssertAccessibleAsync(admin);
        await Screenshots.SaveAsync(admin, "invite-accept");
        admin = await AcceptAsNewAccountAsync(system, contact, "Jo Bloggs");
        Assert.Contains("(provider)", await admin.Locator(".nhsuk-header__account").InnerTextAsync());

        // A fresh sign-in with the new password: the account is the organisation's provider admin.
        var signedIn = await system.SignInAsync(contact, password: NewPassword);
        Assert.EndsWith("/provider/incoming", new Uri(signedIn.Url).AbsolutePath);
        await signedIn.GotoAsync("/organisations/staff");
        Assert.Contains(name, await signedIn.Locator("h1").InnerTextAsync());
        Assert.Contains("Admin", await signedIn.Locator("#staff").InnerTextAsync());
        var account = await system.AccountAsync(contact);
        Assert.Equal((organisationId, true), (account!.OrganisationId, account.IsOrganisationAdmin));
    }

    [Fact]
    public async Task An_application_is_decided_once_and_a_second_decision_changes_nothing()
    {
        var name = "Hilsea Walking Football " + Unique();
        var contact = $"sam-{Unique()}@example.org";
        var id = await system.WithPortalDbAsync(async db =>
        {
            var application = OrganisationApplication.Submit(name, null, "Sam Smith", contact, "Hilsea", DateTimeOffset.UtcNow);
            db.OrganisationApplications.Add(application);
            await db.SaveChangesAsync();
            return application.Id;
        });
        var declining = await system.SignInAsync("curator@demo.example.org");
        await declining.GotoAsync($"/admin/applications/{id}");
        var approving = await declining.Context.NewPageAsync();
        await approving.GotoAsync($"/admin/applications/{id}");

        await declining.GetByRole(AriaRole.Button, new() { Name = "Decline application" }).ClickAsync();
        Assert.Contains("Enter the reason for declining", await declining.Locator(".nhsuk-error-summary").InnerTextAsync());
        await declining.GetByLabel("Reason for declining").FillAsync("We list groups in north Portsmouth only.");
        await declining.GetByRole(AriaRole.Button, new() { Name = "Decline application" }).ClickAsync();
        Assert.Contains("is declined", await declining.Locator(".nhsuk-notification-banner").InnerTextAsync());
        Assert.Contains("We list groups in north Portsmouth only.", system.Mail.LastTo(contact).Body);

        // The other tab still offers the decision; taking it is refused and creates no organisation.
        var response = await approving.RunAndWaitForResponseAsync(
            () => approving.GetByRole(AriaRole.Button, new() { Name = "Approve application" }).ClickAsync(),
            r => r.Request.Method == "POST");
        Assert.Equal(409, response.Status);
        Assert.Contains("already been decided", await approving.Locator("main").InnerTextAsync());
        var stored = await system.WithPortalDbAsync(db => db.OrganisationApplications.SingleAsync(a => a.Id == id));
        Assert.Equal((ApplicationStatus.Declined, (Guid?)null), (stored.Status, stored.OrganisationId));
        using var directory = system.DirectoryApi();
        var organisations = await directory.GetFromJsonAsync<List<OrganisationRead>>("/api/directory/organisations");
        Assert.DoesNotContain(organisations!, o => o.Name == name);
        Assert.Single(system.Mail.To(contact));
    }

    [Fact]
    public async Task The_admin_invites_a_colleague_who_sees_the_organisations_listings_then_hands_over_and_is_removed()
    {
        var organisationName = "Cosham Knitters " + Unique();
        var listing = "Knit and Natter " + Unique();
        var (organisationId, _) = await system.OrganisationWithListingAsync(organisationName, listing);
        var adminEmail = $"amy-{Unique()}@example.org";
        var colleagueEmail = $"kim-{Unique()}@example.org";
        await system.CreateOrganisationAdminAsync(adminEmail, "Amy Admin", organisationId);

        var admin = await system.SignInAsync(adminEmail, password: NewPassword);
        await admin.GotoAsync("/organisations/staff");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        Assert.Contains("Enter the email address to send the invitation to", await admin.Locator(".nhsuk-error-summary").InnerTextAsync());
        Assert.Equal(0, await system.WithPortalDbAsync(db => db.Invites.CountAsync(i => i.OrganisationId == organisationId)));
        await admin.GetByLabel("Their email address").FillAsync(colleagueEmail);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        Assert.Contains($"Invitation sent to {colleagueEmail}", await admin.Locator(".nhsuk-notification-banner").InnerTextAsync());
        Assert.Contains(colleagueEmail, await admin.Locator("#open-invites").InnerTextAsync());
        await Accessibility.AssertAccessibleAsync(admin);
        await Screenshots.SaveAsync(admin, "organisation-staff");

        var link = system.Mail.LinkTo(colleagueEmail);
        var stored = await system.WithPortalDbAsync(db => db.Invites.SingleAsync(i => i.Email == colleagueEmail));
        Assert.DoesNotContain(stored.TokenHash, link);
        Assert.Equal(stored.TokenHash, Invite.HashOf(link.Split('/').Last()));

        var colleague = await AcceptAsNewAccountAsync(system, colleagueEmail, "Kim Colleague");
        Assert.Contains("(provider)", await colleague.Locator(".nhsuk-header__account").InnerTextAsync());
        await colleague.GotoAsync("/provider/listings");
        var listings = await colleague.Locator("main").InnerTextAsync();
        Assert.Contains(listing, listings);
        Assert.DoesNotContain("Good Neighbours home visits", listings);

        // The link worked once.
        var again = await system.NewPageAsync();
        var refused = await again.GotoAsync(link);
        Assert.Equal(409, refused!.Status);
        Assert.Contains("already been used", await again.Locator("#invite-refusal").InnerTextAsync());
        await Accessibility.AssertAccessibleAsync(again);
        await Screenshots.SaveAsync(again, "invite-refused");

        await admin.GotoAsync("/organisations/staff");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Make Kim Colleague the admin" }).ClickAsync();
        Assert.Contains("Kim Colleague is now the admin", await admin.Locator(".nhsuk-notification-banner").InnerTextAsync());
        Assert.Equal(0, await admin.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).CountAsync());

        await colleague.GotoAsync("/organisations/staff");
        await colleague.GetByRole(AriaRole.Button, new() { Name = "Remove Amy Admin" }).ClickAsync();
        Assert.Contains("Amy Admin is no longer one of your staff", await colleague.Locator(".nhsuk-notification-banner").InnerTextAsync());
        var former = await system.AccountAsync(adminEmail);
        Assert.Equal(("resident", (Guid?)null, false), (former!.Role, former.OrganisationId, former.IsOrganisationAdmin));
    }

    [Fact]
    public async Task An_expired_invite_is_refused_and_makes_no_account()
    {
        var email = $"late-{Unique()}@example.org";
        var token = await system.WithPortalDbAsync(async db =>
        {
            var (invite, token) = Invite.Issue(InviteKind.OrganisationStaff, email, Guid.NewGuid(), null, "Old Invite Club",
                "someone", DateTimeOffset.UtcNow - Invite.Lifetime - TimeSpan.FromMinutes(1));
            db.Invites.Add(invite);
            await db.SaveChangesAsync();
            return token;
        });
        var page = await system.NewPageAsync();

        var refused = await page.GotoAsync($"/invites/{token}");
        await Screenshots.SaveAsync(page, "invite-expired");

        Assert.Equal(409, refused!.Status);
        Assert.Contains("expired", await page.Locator("#invite-refusal").InnerTextAsync());
        Assert.Equal(0, await page.GetByLabel("Your name").CountAsync());
        // Sending the set-up form anyway (with a valid antiforgery token) is refused by the server too.
        await page.GotoAsync("/organisations/apply");
        var antiforgery = await page.Locator("main input[name='__RequestVerificationToken']").First.InputValueAsync();
        var forged = await page.APIRequest.PostAsync($"/invites/{token}?handler=create", new()
        {
            MaxRedirects = 0,
            Form = page.APIRequest.CreateFormData().Set("__RequestVerificationToken", antiforgery)
                .Set("Account.DisplayName", "Late Comer").Set("Account.Password", NewPassword).Set("Account.ConfirmPassword", NewPassword),
        });
        Assert.Equal(409, forged.Status);
        Assert.Null(await system.AccountAsync(email));
        Assert.Equal(404, (await page.GotoAsync("/invites/not-a-real-token"))!.Status);
    }

    private sealed record OrganisationRead(Guid Id, string Name);
}
