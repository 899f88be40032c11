using FluentValidation;

namespace Portal.Identity;

/// <summary>What the portal asks of an account, in one place: the sign-in lockout and the password and name rules.</summary>
public static class AccountRules
{
    public const int MaxFailedSignIns = 5;
    public static readonly TimeSpan LockoutTime = TimeSpan.FromMinutes(15);
    /// <summary>Length, not character classes: a long passphrase is the stronger password (NCSC guidance).</summary>
    public const int MinimumPasswordLength = 10;
    public const int MaxPasswordLength = 128;
    public const int MaxNameLength = 100;
    public const int MaxEmailLength = 254;

    /// <summary>What the sign-in page says about lockout. The same whether or not an account exists.</summary>
    public static readonly string LockoutNotice =
        $"After {MaxFailedSignIns} wrong passwords in a row, signing in to that account is paused for {LockoutTime.TotalMinutes:0} minutes.";

    public static IRuleBuilderOptions<T, string?> MustBeAnEmail<T>(this IRuleBuilderInitial<T, string?> rule) =>
        rule.Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter your email address")
            .MaximumLength(MaxEmailLength).WithMessage($"Email address must be {MaxEmailLength} characters or fewer")
            .EmailAddress().WithMessage("Enter an email address in the correct format, like name@example.com")
            // No address has a control character: refused before it is looked up.
            .Must(BuildingBlocks.Validation.PlainText.IsPlain).WithMessage("Enter an email address in the correct format, like name@example.com");

    public static IRuleBuilderOptions<T, string?> MustBeAName<T>(this IRuleBuilderInitial<T, string?> rule) =>
        rule.Cascade(CascadeMode.Stop)
            .Must(name => !string.IsNullOrWhiteSpace(name)).WithMessage("Enter your name")
            .MaximumLength(MaxNameLength).WithMessage($"Name must be {MaxNameLength} characters or fewer")
            .Must(name => !name!.Any(char.IsControl)).WithMessage("Name must not contain control characters");

    public static IRuleBuilderOptions<T, string?> MustBeANewPassword<T>(this IRuleBuilderInitial<T, string?> rule) =>
        rule.Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter a password")
            .MinimumLength(MinimumPasswordLength).WithMessage($"Password must be {MinimumPasswordLength} characters or more")
            .MaximumLength(MaxPasswordLength).WithMessage($"Password must be {MaxPasswordLength} characters or fewer");
}
