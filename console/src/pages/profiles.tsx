import { useLoad } from "../api/use-load.ts";
import { AddProfileForm } from "../components/add-profile-form.tsx";
import { AdminOnly } from "../components/admin-only.tsx";
import { ErrorNote } from "../components/error-note.tsx";
import { usePaged } from "../components/paged.tsx";
import { ProfileCard } from "../components/profile-card.tsx";
import { useSession } from "../session-context.ts";

function Profiles() {
  const { api } = useSession();
  const profiles = useLoad(() => api.GET("/admin/profiles"), [api]);
  const paged = usePaged(profiles.data?.data ?? [], 10);
  return (
    <>
      <AddProfileForm onAdded={profiles.reload} />
      <ErrorNote message={profiles.error} />
      {profiles.data && profiles.data.data.length === 0 && <p class="note">No profiles yet: add your first provider account above.</p>}
      {paged.shown.map((profile) => (
        <ProfileCard key={profile.id} profile={profile} onChanged={profiles.reload} />
      ))}
      {paged.control}
    </>
  );
}

/** Provider accounts and their models (admin key). */
export function ProfilesPage() {
  return (
    <section>
      <h1>Profiles</h1>
      <AdminOnly what="Managing profiles">
        <Profiles />
      </AdminOnly>
    </section>
  );
}
