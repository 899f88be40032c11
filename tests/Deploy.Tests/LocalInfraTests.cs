namespace Deploy.Tests;

/// <summary>deploy/local/infra.sh is what CI, the distributed script and every integration test call first.</summary>
public class LocalInfraTests
{
    [Fact]
    public void Servers_it_starts_do_not_keep_its_lock_so_the_next_caller_is_not_blocked()
    {
        var first = Proc.Run("bash", [Repo.Path("deploy/local/infra.sh")], timeout: TimeSpan.FromMinutes(10));
        Assert.True(first.ExitCode == 0, first.ToString());

        // A server that inherited the lock's descriptor would hold it for ever, and every later run would wait. Another
        // test assembly's infra.sh may hold it for a few seconds at this moment (they run side by side): wait that out.
        var probe = Proc.Run("flock", ["-w", "60", "/tmp/community-directory-infra.lock", "true"], timeout: TimeSpan.FromMinutes(2));
        Assert.True(probe.ExitCode == 0, "the infra lock is still held after infra.sh returned:\n" + probe);
    }
}
