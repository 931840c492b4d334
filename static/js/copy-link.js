// "Copy" buttons: <button data-copy="ID"> copies the value of the input #ID.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-copy]");
  if (!button) return;
  const field = document.getElementById(button.dataset.copy);
  const label = button.textContent;
  field.select();
  try {
    await navigator.clipboard.writeText(field.value);
    button.textContent = "Copied";
  } catch (error) {
    // Without clipboard access (http, old browsers) the text stays selected to copy by hand.
    document.execCommand && document.execCommand("copy");
    button.textContent = "Selected: copy it (Ctrl+C or ⌘C)";
  }
  setTimeout(() => { button.textContent = label; }, 2500);
});
