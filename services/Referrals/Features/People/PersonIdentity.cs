using System.Linq.Expressions;
using BuildingBlocks.Validation;
using FluentValidation;
using ReferralsService.Domain;

namespace ReferralsService.Features.People;

/// <summary>
/// Who a data request is about: their NHS number, or their name and date of birth (matched as duplicate checks match:
/// case, accents and punctuation ignored). Sent in a request body, never in a URL, so it stays out of access logs.
/// </summary>
public sealed record PersonIdentity(string? NhsNumber, string? GivenName, string? FamilyName, DateOnly? DateOfBirth)
{
    internal Expression<Func<Referral, bool>> Matches()
    {
        var nhs = PersonMatch.NormaliseNhsNumber(NhsNumber);
        var key = GivenName is null || FamilyName is null || DateOfBirth is null
            ? null
            : PersonMatch.NameKey(GivenName, FamilyName, DateOfBirth.Value);
        return r => r.AnonymisedAt == null && ((nhs != null && r.Person.NhsNumber == nhs) || (key != null && r.NameKey == key));
    }
}

public sealed class PersonIdentityValidator : AbstractValidator<PersonIdentity>
{
    public PersonIdentityValidator()
    {
        RuleFor(p => p).Must(p => !string.IsNullOrWhiteSpace(p.NhsNumber)
                                  || (!string.IsNullOrWhiteSpace(p.GivenName) && !string.IsNullOrWhiteSpace(p.FamilyName) && p.DateOfBirth is not null))
            .OverridePropertyName("nhsNumber")
            .WithMessage("Give the person's NHS number, or their given name, family name and date of birth.");
        RuleFor(p => p.NhsNumber).Must(n => PersonMatch.NormaliseNhsNumber(n)?.Length == 10)
            .When(p => !string.IsNullOrWhiteSpace(p.NhsNumber))
            .WithMessage("An NHS number has 10 digits.");
        RuleFor(p => p.GivenName).MaximumLength(100).MustBePlainText();
        RuleFor(p => p.FamilyName).MaximumLength(100).MustBePlainText();
    }
}
