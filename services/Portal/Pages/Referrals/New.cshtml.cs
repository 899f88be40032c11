using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Portal.Api;

namespace Portal.Pages.Referrals;

/// <summary>Refer in two steps: who and why, then the consent they gave. No referral is sent without consent.</summary>
[Authorize(Policy = Roles.Practitioner)]
public sealed class NewModel(DirectoryClient directory, ReferralsClient referrals, TimeProvider clock) : PortalPage
{
    [BindProperty(SupportsGet = true)] public Guid ServiceId { get; set; }
    [BindProperty] public PersonForm Person { get; set; } = new();
    [BindProperty] public ConsentForm Consent { get; set; } = new();
    [BindProperty] public string? Reason { get; set; }
    public bool ConsentStep { get; private set; }
    public string? ServiceName { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadServiceAsync(ct);

    public async Task OnPostDetailsAsync(CancellationToken ct)
    {
        await LoadServiceAsync(ct);
        Person.Validate(this);
        ConsentStep = !HasErrors;
    }

    public async Task<IActionResult> OnPostSubmitAsync(CancellationToken ct)
    {
        Person.Validate(this);
        if (HasErrors) { await LoadServiceAsync(ct); return Page(); }
        Consent.Validate(this);
        ConsentStep = true;
        if (HasErrors) { await LoadServiceAsync(ct); return Page(); }

        var result = await referrals.CreateAsync(
            new NewReferral(ServiceId, Person.ToDetails(), Consent.ToRecord(clock.GetUtcNow()), Reason), ct);
        if (Check(result, "referral", "consent-givenBy"))
        {
            Flash("Referral sent. The group has been asked to respond.");
            return Redirect($"/referrals/{result.Value!.Id}");
        }
        // Person fields the service rejected are on step 1.
        ConsentStep = !Errors.Any(e => e.InputId.StartsWith("person-", StringComparison.OrdinalIgnoreCase));
        await LoadServiceAsync(ct);
        return Page();
    }

    private async Task LoadServiceAsync(CancellationToken ct)
    {
        var service = await directory.GetServiceAsync(ServiceId, ct);
        if (service.Ok) ServiceName = service.Value!.Name;
    }
}
