import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';

/** navigator.onLine as a reactive flag. */
export function useOnline(): Ref<boolean> {
  const online = ref(navigator.onLine);
  const update = () => (online.value = navigator.onLine);
  onMounted(() => {
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
  });
  onBeforeUnmount(() => {
    window.removeEventListener('online', update);
    window.removeEventListener('offline', update);
  });
  return online;
}
