using BuildingBlocks.Time;
using Contracts.Referrals;
using FluentValidation;
using ReferralsService.Domain;

namespace ReferralsService.Features.Referrals;

// The person and consent parts of a referral request, shared by the practitioner, self-referral and consent routes.

/// <param name="ContactRoute">How to reach a person with no email or phone (an assisted referral); optional.</param>
/// <param name="SupportNeeds">What they need to get there and take part; travels to the group with the rest.</param>
public sealed record PersonInput(string GivenName, string FamilyName, DateOnly DateOfBirth, string? NhsNumber,
    string? Email, string? Phone, IReadOnlyList<string>? Needs, string? Notes, ContactRoute? ContactRoute = null,
    SupportNeeds? SupportNeeds = null)
{
    public Person ToPerson() => new(GivenName, FamilyName, DateOfBirth, NhsNumber, Email, Phone, Needs ?? [], Notes, ContactRoute, SupportNeeds);
}

/// <param name="ContactByPost">Letters to the postal address of the person's contact route (optional: an older client sends none).</param>
public sealed record ConsentInput(ConsentGiver GivenBy, ConsentMethod Method, DateTimeOffset GivenAt,
    bool ShareWithProvider, bool ShareOutcomesWithReferrer, bool ContactBySms, bool ContactByEmail, bool ContactByPost = false)
{
    public Consent ToConsent(string recordedBy, DateTimeOffset recordedAt) =>
        new(GivenBy, Method, GivenAt, ShareWithProvider, ShareOutcomesWithReferrer, ContactBySms, ContactByEmail, recordedBy, recordedAt, ContactByPost);
}

public sealed class PersonValidator : AbstractValidator<PersonInput>
{
    public PersonValidator(TimeProvider clock)
    {
        RuleFor(p => p.GivenName).NotEmpty().MaximumLength(ReferralLimits.NameLength);
        RuleFor(p => p.FamilyName).NotEmpty().MaximumLength(ReferralLimits.NameLength);
        RuleFor(p => p.DateOfBirth)
            .Must(d => d <= UkTime.Today(clock)).WithMessage("'Date of birth' cannot be in the future.")
            .GreaterThan(new DateOnly(1900, 1, 1));
        RuleFor(p => p.NhsNumber).Must(BeValidNhsNumber).WithMessage("'NHS number' must be 10 digits with a valid check digit.")
            .When(p => !string.IsNullOrWhiteSpace(p.NhsNumber));
        RuleFor(p => p.Email).EmailAddress().MaximumLength(ReferralLimits.EmailLength).When(p => !string.IsNullOrWhiteSpace(p.Email));
        RuleFor(p => p.Phone).MaximumLength(ReferralLimits.PhoneLength).Matches(@"^\+?[0-9 ()-]{6,30}$").When(p => !string.IsNullOrWhiteSpace(p.Phone));
        RuleFor(p => p.Needs).Must(n => n is null || n.Count <= 20).WithMessage("At most 20 needs.");
        RuleForEach(p => p.Needs).NotEmpty().MaximumLength(ReferralLimits.NeedLength);
        RuleFor(p => p.Notes).MaximumLength(4000);
        RuleFor(p => p.ContactRoute!).SetValidator(new ContactRouteValidator()).When(p => p.ContactRoute is not null);
        RuleFor(p => p.SupportNeeds!.InterpreterLanguage).MaximumLength(SupportNeeds.MaxLanguageLength).When(p => p.SupportNeeds is not null);
    }

    /// <summary>Modulus 11 check of an NHS number, spaces and dashes ignored.</summary>
    public static bool BeValidNhsNumber(string? nhsNumber)
    {
        var digits = PersonMatch.NormaliseNhsNumber(nhsNumber);
        if (digits is null || digits.Length != 10 || nhsNumber!.Any(c => !char.IsAsciiDigit(c) && c != ' ' && c != '-')) return false;
        var sum = 0;
        for (var i = 0; i < 9; i++) sum += (digits[i] - '0') * (10 - i);
        var check = 11 - sum % 11;
        if (check == 11) check = 0;
        return check != 10 && check == digits[9] - '0';
    }
}

public sealed class ContactRouteValidator : AbstractValidator<ContactRoute>
{
    public ContactRouteValidator()
    {
        RuleFor(r => r.Kind).IsInEnum();
        RuleFor(r => r.Address).NotEmpty().WithMessage("Enter the address to write to or visit.").When(r => r.NeedsAddress);
        RuleFor(r => r.Address).MaximumLength(ContactRoute.MaxAddressLength);
        RuleFor(r => r.CarerName).NotEmpty().WithMessage("Enter the name of the carer or family member.").When(r => r.Kind == ContactRouteKind.Carer);
        RuleFor(r => r.CarerName).MaximumLength(ContactRoute.MaxNameLength);
        RuleFor(r => r.CarerRelationship).MaximumLength(ContactRoute.MaxRelationshipLength);
        RuleFor(r => r.CarerPhone).MaximumLength(ReferralLimits.PhoneLength).Matches(@"^\+?[0-9 ()-]{6,30}$").When(r => !string.IsNullOrWhiteSpace(r.CarerPhone));
        RuleFor(r => r.PersonAgreed).Equal(true)
            .WithMessage("The person must agree to the group contacting them through this carer or family member.")
            .When(r => r.Kind == ContactRouteKind.Carer);
        RuleFor(r => r.Notes).MaximumLength(ContactRoute.MaxNotesLength);
    }
}

public sealed class ConsentValidator : AbstractValidator<ConsentInput>
{
    public ConsentValidator(TimeProvider clock)
    {
        RuleFor(c => c.GivenBy).IsInEnum();
        RuleFor(c => c.Method).IsInEnum();
        RuleFor(c => c.GivenAt).NotEmpty()
            .Must(at => at <= clock.GetUtcNow().AddMinutes(5)).WithMessage("'Given at' cannot be in the future.")
            .Must(at => at >= clock.GetUtcNow().AddYears(-10)).WithMessage("'Given at' cannot be more than 10 years ago.");
    }
}
