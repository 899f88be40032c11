using BuildingBlocks.Validation;
using FluentValidation;

namespace Portal.Pages.Organisations;

/// <summary>The one field an invitation needs (staff of an organisation, practitioners of a team).</summary>
public sealed class InviteForm
{
    public string? Email { get; set; }

    public sealed class Validator : AbstractValidator<InviteForm>
    {
        public Validator() =>
            RuleFor(f => f.Email).NotEmpty().WithMessage("Enter the email address to send the invitation to")
                .EmailAddress().WithMessage("Enter an email address in the correct format, like name@example.com")
                .MaximumLength(254).WithMessage("Email address must be 254 characters or fewer").MustBePlainText();
    }
}
