namespace BuildingBlocks.Web;

/// <summary>404: the thing asked for does not exist, or the caller may not know that it does.</summary>
public sealed class NotFoundException(string resource, object id)
    : Exception($"{resource} '{id}' was not found.");

/// <summary>409: the request clashes with the current state (an illegal transition, a duplicate).</summary>
public class ConflictException(string message, IDictionary<string, object?>? extensions = null) : Exception(message)
{
    public IDictionary<string, object?> Extensions { get; } = extensions ?? new Dictionary<string, object?>();
}

/// <summary>422: well-formed input that breaks a business rule (an unknown postcode, a service not taking referrals).</summary>
public class RuleViolationException(string message, IDictionary<string, string[]>? errors = null) : Exception(message)
{
    public IDictionary<string, string[]> Errors { get; } = errors ?? new Dictionary<string, string[]>();
}

/// <summary>403: the caller is known but has no right to do this.</summary>
public sealed class ForbiddenException(string message) : Exception(message);
