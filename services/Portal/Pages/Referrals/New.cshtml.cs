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

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadServiceAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostDetailsAsync(CancellationToken ct)
    {
        if (!await LoadServiceAsync(ct)) return NotFound();
        ValidateDetails();
        ConsentStep = !HasErrors;
        return Page();
    }

    public async Task<IActionResult> OnPostSubmitAsync(CancellationToken ct)
    {
        // Step 1's answers came back as hidden inputs: checked again, and any problem shown on step 1 where they can be changed.
        ValidateDetails();
        if (HasErrors) { await LoadServiceAsync(ct); return Page(); }
        Consent.Validate(this);
        ConsentStep = true;
        if (HasErrors) { await LoadServiceAsync(ct); return Page(); }

        var result = await referrals.CreateAsync(
            new NewReferral(ServiceId, Person.ToDetails(), Consent.ToRecord(clock.GetUtcNow(), Person.HasPostalAddress), Reason), ct);
        if (Check(result, "referral", "consent-givenBy"))
        {
            Flash("Referral sent. The group has been asked to respond.");
            return Redirect($"/referrals/{result.Value!.Id}");
        }
        // Person fields and the reason the service rejected are on step 1.
        ConsentStep = !Errors.Any(e => IsDetailsField(e.InputId));
        await LoadServiceAsync(ct);
        return Page();
    }

    /// <summary>Everything step 1 asks, with the Referrals API's limits (<see cref="Contracts.Referrals.ReferralLimits"/>).</summary>
    private void ValidateDetails()
    {
        Person.Validate(this);
        this.CheckText("reason", "Why this activity", Reason, Contracts.Referrals.ReferralLimits.ReasonLength);
    }

    private static bool IsDetailsField(string inputId) =>
        inputId.StartsWith("person-", StringComparison.OrdinalIgnoreCase) || string.Equals(inputId, "reason", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// False when the directory has no such activity (nobody can be referred to it: the page is not found); when the
    /// directory cannot answer, the form still works (the referrals service decides) and a notice says why the name is missing.
    /// </summary>
    private async Task<bool> LoadServiceAsync(CancellationToken ct)
    {
        var service = await directory.GetServiceAsync(ServiceId, ct);
        if (service.Ok) ServiceName = service.Value!.Name;
        else if (IsMissing(service)) return false;
        else Check(service, "activity");
        return true;
    }
}
