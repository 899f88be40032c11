using System.Text.Json;
using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Portal.Api;

namespace Portal.Pages.Provider;

public sealed class EditForm
{
    public string? Name { get; set; }
    public string? Summary { get; set; }
    public string? Description { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Website { get; set; }
}

/// <summary>A provider keeps one listing current: details, places, and "still accurate".</summary>
[Authorize(Policy = Roles.Provider)]
public sealed class EditModel(DirectoryClient directory) : PortalPage
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public EditForm Edit { get; set; } = new();
    [BindProperty] public int? PlacesAvailable { get; set; }
    [BindProperty] public bool AcceptingReferrals { get; set; } = true;
    public Listing? Listing { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Listing is { } s)
        {
            Edit = new EditForm { Name = s.Name, Summary = s.Summary, Description = s.Description, Email = s.Email, Phone = s.Phone, Website = s.Website };
            AcceptingReferrals = Show.Text(s.AcceptingReferrals) is not ("no" or "No");
            if (s.Capacity is { ValueKind: JsonValueKind.Object } c && c.TryGetProperty("placesAvailable", out var p) && p.TryGetInt32(out var n))
                PlacesAvailable = n;
        }
    }

    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken ct) =>
        await AfterAsync(await directory.ConfirmStillAccurateAsync(Id, ct), "Thank you: the listing is marked as checked today.", ct);

    public async Task<IActionResult> OnPostCapacityAsync(CancellationToken ct)
    {
        if (PlacesAvailable is < 0) { AddError("placesAvailable", "Places available cannot be negative"); await LoadAsync(ct); return Page(); }
        return await AfterAsync(await directory.SetCapacityAsync(Id, PlacesAvailable, AcceptingReferrals, ct), "Places saved.", ct);
    }

    public async Task<IActionResult> OnPostDetailsAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Edit.Name)) { AddError("name", "Enter the activity's name"); await LoadAsync(ct); return Page(); }
        var edit = new ListingEdit(Edit.Name.Trim(), Edit.Summary, Edit.Description, Edit.Email, Edit.Phone, Edit.Website);
        return await AfterAsync(await directory.UpdateServiceAsync(Id, edit, ct), "Listing saved. A curator may review the change.", ct);
    }

    private async Task<IActionResult> AfterAsync(ApiResult<NoContent> result, string success, CancellationToken ct)
    {
        if (Check(result, "listing", "name"))
        {
            Flash(success);
            return RedirectToPage(new { Id });
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var result = await directory.GetServiceAsync(Id, ct);
        if (Check(result, "listing")) Listing = result.Value;
    }
}
