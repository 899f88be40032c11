using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Portal.Api;
using Portal.Pages.Referrals;

namespace Portal.Pages.Services;

[Authorize(Policy = Roles.Resident)]
public sealed class SelfReferModel(DirectoryClient directory, ReferralsClient referrals, TimeProvider clock) : PortalPage
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public PersonForm Person { get; set; } = new();
    [BindProperty] public ConsentForm Consent { get; set; } = new();
    public string? ServiceName { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // A resident consents for themselves, online.
        Consent.GivenBy = "person";
        Consent.Method = "digital";
        Consent.ShareOutcomesWithReferrer = false;
        Person.Validate(this, aboutSelf: true);
        Consent.Validate(this, aboutSelf: true);
        if (!HasErrors)
        {
            var result = await referrals.SelfReferAsync(
                new SelfReferral(Id, Person.ToDetails(), Consent.ToRecord(clock.GetUtcNow()), null), ct);
            // The service's duplicate message is written for practitioners ("you (or your team) ... for this person").
            if (result.Problem?.Extensions.ContainsKey("existingReferralId") == true)
                AddError("person.givenName", PortalText.Get("SelfRefer.AlreadyAsked"));
            // The activity itself refuses (suspended, removed, full, or joined only through a practitioner): nothing in
            // the form can change that, so it is no field's error.
            else if (result.Outcome == ApiOutcome.Invalid && result.Problem!.Errors.ContainsKey("serviceId"))
                Notices.Add(new Notice(PortalText.Get("SelfRefer.NotTakingTitle"), PortalText.Get("SelfRefer.NotTaking")));
            else if (Check(result, "self-referral", "person-givenName"))
            {
                Flash("Sent. The group will contact you.");
                return Redirect($"/services/{Id}");
            }
        }
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    /// <summary>False when there is no such activity (the page is not found).</summary>
    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var service = await directory.GetServiceAsync(Id, ct);
        if (IsMissing(service)) return false;
        if (Check(service, "activity")) ServiceName = service.Value!.Name;
        return true;
    }
}
