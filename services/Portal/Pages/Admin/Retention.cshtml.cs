using System.Globalization;
using BuildingBlocks.Auth;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Portal.Api;

namespace Portal.Pages.Admin;

/// <summary>
/// Admins see how long closed referrals keep the person's details and change it. Referrals keeps the period and its
/// history (who, from, to, when) and checks the bounds again; the page checks first so a slip is explained here.
/// </summary>
[Authorize(Policy = Roles.Admin)]
public sealed class RetentionModel(ReferralsClient referrals) : PortalPage
{
    /// <summary>Referrals' own bounds (RetentionPeriodChange); the page shows the ones Referrals reports.</summary>
    public const int MinimumDays = 30, MaximumDays = 3650;

    /// <summary>Text, not a number, so "two weeks" is explained rather than lost in model binding.</summary>
    [BindProperty] public string? Days { get; set; }
    public RetentionSettings? Current { get; private set; }

    public sealed class Validator : AbstractValidator<RetentionModel>
    {
        public Validator() =>
            RuleFor(m => m.Days).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Enter the number of days")
                .Must(d => int.TryParse(d!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out _))
                .WithMessage("Enter the number of days as a whole number, like 365")
                .Must(d => int.Parse(d!.Trim(), CultureInfo.InvariantCulture) is >= MinimumDays and <= MaximumDays)
                .WithMessage($"The retention period must be between {MinimumDays} and {MaximumDays} days");
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!Validate(new Validator(), this))
        {
            await LoadAsync(ct);
            return Page();
        }
        var days = int.Parse(Days!.Trim(), CultureInfo.InvariantCulture);
        var result = await referrals.SetRetentionAsync(days, ct);
        if (!Check(result, "retention period", "days"))
        {
            await LoadAsync(ct);
            return Page();
        }
        Flash($"Closed referrals now keep the person's details for {days} days.");
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var result = await referrals.RetentionAsync(ct);
        if (Check(result, "retention period")) Current = result.Value;
    }
}
