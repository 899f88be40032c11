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

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // A resident consents for themselves, online.
        Consent.GivenBy = "person";
        Consent.Method = "digital";
        Consent.ShareOutcomesWithReferrer = false;
        Person.Validate(this, aboutSelf: true);
        Consent.Validate(this);
        if (!HasErrors)
        {
            var result = await referrals.SelfReferAsync(
                new SelfReferral(Id, Person.ToDetails(), Consent.ToRecord(clock.GetUtcNow()), null), ct);
            if (Check(result, "self-referral", "person-givenName"))
            {
                Flash("Sent. The group will contact you.");
                return Redirect($"/services/{Id}");
            }
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var service = await directory.GetServiceAsync(Id, ct);
        if (Check(service, "activity")) ServiceName = service.Value!.Name;
    }
}
