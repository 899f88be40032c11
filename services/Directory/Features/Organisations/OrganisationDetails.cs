using BuildingBlocks.Validation;
using DirectoryService.Features.Services;
using FluentValidation;

namespace DirectoryService.Features.Organisations;

/// <summary>What a curator or the organisation's staff say about an organisation, when it is created or updated.</summary>
public interface IOrganisationDetails
{
    string Name { get; }
    string? Description { get; }
    string? Email { get; }
    string? Website { get; }
    string? Phone { get; }
}

/// <summary>One set of rules for creating and updating: a value longer than its column holds is a 400, not a 500 on saving.</summary>
public sealed class OrganisationDetailsValidator<T> : AbstractValidator<T> where T : IOrganisationDetails
{
    public OrganisationDetailsValidator()
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(200).MustBePlainText();
        RuleFor(c => c.Description).MaximumLength(4000).MustBePlainText();
        RuleFor(c => c.Email).EmailAddress().MaximumLength(254).MustBePlainText().When(c => c.Email is not null);
        RuleFor(c => c.Website).Must(Rules.BeHttpUrl).WithMessage("'Website' must be an http(s) URL.").MaximumLength(500).MustBePlainText()
            .When(c => c.Website is not null);
        RuleFor(c => c.Phone).Must(Rules.BeUkPhone).WithMessage("'Phone' must be a UK phone number.").When(c => c.Phone is not null);
    }
}
