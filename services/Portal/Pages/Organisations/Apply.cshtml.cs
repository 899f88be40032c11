using BuildingBlocks.Validation;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Portal.Identity;

namespace Portal.Pages.Organisations;

/// <summary>A voluntary or community group asks to list its activities; a curator decides (Admin/Applications).</summary>
public sealed class ApplyModel(PortalDb db, TimeProvider clock) : PortalPage
{
    public sealed class Form
    {
        public string? OrganisationName { get; set; }
        public string? RegistrationNumber { get; set; }
        public string? ContactName { get; set; }
        public string? ContactEmail { get; set; }
        public string? AreaServed { get; set; }
    }

    public sealed class Validator : AbstractValidator<Form>
    {
        public Validator()
        {
            RuleFor(f => f.OrganisationName).NotEmpty().WithMessage("Enter the name of your organisation")
                .MaximumLength(200).WithMessage("Organisation name must be 200 characters or fewer").MustBePlainText();
            RuleFor(f => f.RegistrationNumber).Matches("^[A-Za-z0-9 -]{1,20}$")
                .WithMessage("Enter a charity or company number using only letters, numbers and spaces, or leave it empty")
                .When(f => !string.IsNullOrWhiteSpace(f.RegistrationNumber));
            RuleFor(f => f.ContactName).NotEmpty().WithMessage("Enter the name of the person we should contact")
                .MaximumLength(200).WithMessage("Contact name must be 200 characters or fewer").MustBePlainText();
            RuleFor(f => f.ContactEmail).NotEmpty().WithMessage("Enter the contact's email address")
                .EmailAddress().WithMessage("Enter an email address in the correct format, like name@example.com")
                .MaximumLength(254).WithMessage("Email address must be 254 characters or fewer").MustBePlainText();
            RuleFor(f => f.AreaServed).NotEmpty().WithMessage("Enter the area your organisation serves")
                .MaximumLength(200).WithMessage("Area served must be 200 characters or fewer").MustBePlainText();
        }
    }

    [BindProperty] public Form Application { get; set; } = new();

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!this.Passes(new Validator(), Application)) return Page();
        db.OrganisationApplications.Add(OrganisationApplication.Submit(Application.OrganisationName!, Application.RegistrationNumber,
            Application.ContactName!, Application.ContactEmail!, Application.AreaServed!, clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        Flash("Application sent. A curator will look at it and we will email the contact with the decision.");
        return RedirectToPage();
    }
}
